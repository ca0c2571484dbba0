using Multiplex.Commands;
using Multiplex.Commands.Streams;
using Tokens = Multiplex.Commands.Streams.StreamTokens;

namespace Multiplex;

/// <summary>Stream consumer groups: XGROUP, XREADGROUP (without BLOCK), XACK and XPENDING.</summary>
public abstract partial class RedisCommands
{
    /// <summary>XGROUP CREATE: creates consumer group <paramref name="group"/> on the stream.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group name.</param>
    /// <param name="id">The last ID the group has seen: <c>$</c> for only new entries, <c>0</c> for the whole stream.</param>
    /// <param name="makeStream">Create the stream when it does not exist (<c>MKSTREAM</c>).</param>
    /// <param name="entriesRead">The group's read counter, for lag tracking (<c>ENTRIESREAD</c>, Redis 7.0+); null to leave it unknown.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the group exists (the server replies OK or an error, never "not created").</returns>
    /// <exception cref="RedisServerException">The group exists already (BUSYGROUP), or the stream is missing and <paramref name="makeStream"/> is false.</exception>
    public ValueTask XGroupCreateAsync(RedisKey key, RedisValue group, string id = "$", bool makeStream = false, long? entriesRead = null, CancellationToken cancellationToken = default)
    {
        var arguments = XGroupArguments(key, group, id);
        if (makeStream)
        {
            arguments.Add(Tokens.MkStream);
        }

        return DiscardAsync(Send(Tokens.XGroupCreate, AddEntriesRead(arguments, entriesRead), ReplyParsers.Boolean, cancellationToken));
    }

    /// <summary>XGROUP SETID: sets the last ID consumer group <paramref name="group"/> has seen.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="id">The new last-delivered ID (<c>$</c> for the stream's last entry).</param>
    /// <param name="entriesRead">The group's read counter (<c>ENTRIESREAD</c>, Redis 7.0+); null to leave it unknown.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when set.</returns>
    public ValueTask<bool> XGroupSetIdAsync(RedisKey key, RedisValue group, string id, long? entriesRead = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XGroupSetId, AddEntriesRead(XGroupArguments(key, group, id), entriesRead), ReplyParsers.Boolean, cancellationToken);

    /// <summary>XGROUP DESTROY: deletes consumer group <paramref name="group"/> with its consumers and pending list.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the group existed.</returns>
    public ValueTask<bool> XGroupDestroyAsync(RedisKey key, RedisValue group, CancellationToken cancellationToken = default) =>
        Send(Tokens.XGroupDestroy, XGroupArguments(key, group, null), ReplyParsers.Boolean, cancellationToken);

    /// <summary>XGROUP CREATECONSUMER: adds <paramref name="consumer"/> to the group.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The consumer name.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when created; false when it existed.</returns>
    public ValueTask<bool> XGroupCreateConsumerAsync(RedisKey key, RedisValue group, RedisValue consumer, CancellationToken cancellationToken = default) =>
        Send(Tokens.XGroupCreateConsumer, AddStreamConsumer(XGroupArguments(key, group, null), consumer), ReplyParsers.Boolean, cancellationToken);

    /// <summary>XGROUP DELCONSUMER: removes <paramref name="consumer"/> from the group, dropping its pending entries.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The consumer.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many pending entries the consumer had.</returns>
    public ValueTask<long> XGroupDelConsumerAsync(RedisKey key, RedisValue group, RedisValue consumer, CancellationToken cancellationToken = default) =>
        Send(Tokens.XGroupDelConsumer, AddStreamConsumer(XGroupArguments(key, group, null), consumer), ReplyParsers.Int64, cancellationToken);

    /// <summary>XREADGROUP (without BLOCK): reads one stream as <paramref name="consumer"/> of <paramref name="group"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The consumer (created on first use).</param>
    /// <param name="id"><c>&gt;</c> for entries never delivered to the group; any other ID re-reads this consumer's pending entries after it.</param>
    /// <param name="count">At most this many entries (positive); null for all.</param>
    /// <param name="noAck">Do not add the entries to the pending list (<c>NOACK</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries; empty when there are none. A pending entry deleted since has no fields.</returns>
    public ValueTask<StreamEntry[]> XReadGroupAsync(RedisKey key, RedisValue group, RedisValue consumer, string id = ">", long? count = null, bool noAck = false, CancellationToken cancellationToken = default)
    {
        var arguments = XReadGroupArguments(group, consumer, [new StreamPosition(key, id)], count, noAck);
        return Send(Tokens.XReadGroup, arguments, StreamParsers.SingleStream, cancellationToken);
    }

    /// <summary>XREADGROUP (without BLOCK): reads several streams as <paramref name="consumer"/> of <paramref name="group"/>.</summary>
    /// <param name="group">The group (it must exist on every stream).</param>
    /// <param name="consumer">The consumer (created on first use).</param>
    /// <param name="streams">The streams and IDs (<c>&gt;</c> for new entries), at least one.</param>
    /// <param name="count">At most this many entries per stream (positive); null for all.</param>
    /// <param name="noAck">Do not add the entries to the pending list (<c>NOACK</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per stream with entries (with pending IDs, per stream asked); empty when none has.</returns>
    public ValueTask<StreamReadResult[]> XReadGroupAsync(RedisValue group, RedisValue consumer, IReadOnlyList<StreamPosition> streams, long? count = null, bool noAck = false, CancellationToken cancellationToken = default)
    {
        var arguments = XReadGroupArguments(group, consumer, streams, count, noAck);
        return Send(Tokens.XReadGroup, arguments, StreamParsers.ReadResults, cancellationToken);
    }

    /// <summary>XACK: acknowledges entries, removing them from the group's pending list.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="ids">The entry IDs (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many were pending and are now acknowledged.</returns>
    public ValueTask<long> XAckAsync(RedisKey key, RedisValue group, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        var arguments = AddStreamIds(CommandArguments.Rent().Add(key).Add(group), ids, Tokens.XAck);
        return Send(Tokens.XAck, arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>XACK: acknowledges the entry with <paramref name="id"/>, removing it from the group's pending list.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="id">The entry ID.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the entry was pending and is now acknowledged; false when it was not pending.</returns>
    public ValueTask<bool> XAckAsync(RedisKey key, RedisValue group, string id, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Send(Tokens.XAck, CommandArguments.Rent().Add(key).Add(group).Add(id), ReplyParsers.Boolean, cancellationToken);
    }

    /// <summary>XPENDING (summary): what <paramref name="group"/> has delivered but not acknowledged.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count, the ID range and the count per consumer; zero and nulls when nothing is pending.</returns>
    public ValueTask<StreamPendingSummary> XPendingAsync(RedisKey key, RedisValue group, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        return Send(Tokens.XPending, CommandArguments.Rent().Add(key).Add(group), StreamParsers.PendingSummary, cancellationToken);
    }

    /// <summary>XPENDING (extended): the pending entries of <paramref name="group"/> one by one.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="count">At most this many entries (positive).</param>
    /// <param name="start">The lowest ID (<c>-</c> for the first; <c>(id</c> excludes it).</param>
    /// <param name="end">The highest ID (<c>+</c> for the last).</param>
    /// <param name="consumer">Only this consumer's entries; null for all.</param>
    /// <param name="minIdle">Only entries idle at least this long (<c>IDLE</c>); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, by ID.</returns>
    public ValueTask<StreamPendingEntry[]> XPendingAsync(RedisKey key, RedisValue group, long count, string start = "-", string end = "+", RedisValue consumer = default, TimeSpan? minIdle = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentException.ThrowIfNullOrEmpty(start);
        ArgumentException.ThrowIfNullOrEmpty(end);
        var arguments = CommandArguments.Rent().Add(key).Add(group);
        if (minIdle is { } idle)
        {
            arguments.Add(Tokens.Idle).Add(StreamMilliseconds(idle, nameof(minIdle)));
        }

        arguments.Add(start).Add(end).Add(count);
        if (!consumer.IsNull)
        {
            arguments.Add(consumer);
        }

        return Send(Tokens.XPending, arguments, StreamParsers.PendingEntries, cancellationToken);
    }

    /// <summary>Starts the arguments of <c>XGROUP subcommand key group [id]</c> (the subcommand is the spec's).</summary>
    private static CommandArguments XGroupArguments(in RedisKey key, in RedisValue group, string? id)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        var arguments = CommandArguments.Rent().Add(key).Add(group);
        if (id is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(id);
            arguments.Add(id);
        }

        return arguments;
    }

    private static CommandArguments AddStreamConsumer(CommandArguments arguments, in RedisValue consumer)
    {
        ThrowIfNoStreamName(consumer, nameof(consumer));
        return arguments.Add(consumer);
    }

    private static CommandArguments AddEntriesRead(CommandArguments arguments, long? entriesRead)
    {
        if (entriesRead is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(entriesRead));
            arguments.Add(Tokens.EntriesRead).Add(value);
        }

        return arguments;
    }

    private protected static CommandArguments XReadGroupArguments(in RedisValue group, in RedisValue consumer, IReadOnlyList<StreamPosition> streams, long? count, bool noAck, TimeSpan? block = null)
    {
        ThrowIfNoStreamName(group, nameof(group));
        ThrowIfNoStreamName(consumer, nameof(consumer));
        var arguments = AddStreamCount(CommandArguments.Rent().Add(Tokens.Group).Add(group).Add(consumer), count);
        if (noAck)
        {
            arguments.Add(Tokens.NoAck);
        }

        if (block is { } wait)
        {
            AddStreamBlock(arguments, wait);
        }

        return AddReadStreams(arguments, streams, Tokens.XReadGroup);
    }

    private static void ThrowIfNoStreamName(in RedisValue name, string parameterName)
    {
        if (name.IsNullOrEmpty)
        {
            throw new ArgumentException("A group or consumer name cannot be null or empty.", parameterName);
        }
    }

    private static long StreamMilliseconds(TimeSpan duration, string parameterName)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, duration, "The duration cannot be negative.");
        }

        return (long)duration.TotalMilliseconds;
    }
}
