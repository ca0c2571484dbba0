using Multiplex.Commands;
using Multiplex.Commands.Streams;
using Tokens = Multiplex.Commands.Streams.StreamTokens;

namespace Multiplex;

/// <summary>Stream commands: adding, trimming, reading ranges and XREAD (without BLOCK).</summary>
public abstract partial class RedisCommands
{
    /// <summary>XADD: appends an entry to the stream at <paramref name="key"/>, creating the stream when it is missing.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="fields">The fields (at least one).</param>
    /// <param name="id">The entry ID (greater than the last one); null for a server-generated ID (<c>*</c>).</param>
    /// <param name="trim">Trim the stream in the same call; null for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new entry's ID, never null. To add only to a stream that exists, use <see cref="XAddNoMakeStreamAsync"/>.</returns>
    public ValueTask<string> XAddAsync(RedisKey key, IReadOnlyList<StreamField> fields, string? id = null, StreamTrim? trim = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XAdd, XAddArguments(key, fields, id, trim, noMakeStream: false), StreamParsers.Id, cancellationToken);

    /// <summary>
    /// XADD with <c>NOMKSTREAM</c>: appends an entry to the stream at <paramref name="key"/> only when
    /// the stream exists; a missing stream is left missing.
    /// </summary>
    /// <param name="key">The stream.</param>
    /// <param name="fields">The fields (at least one).</param>
    /// <param name="id">The entry ID (greater than the last one); null for a server-generated ID (<c>*</c>).</param>
    /// <param name="trim">Trim the stream in the same call; null for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new entry's ID; null when the stream does not exist (nothing was added).</returns>
    public ValueTask<string?> XAddNoMakeStreamAsync(RedisKey key, IReadOnlyList<StreamField> fields, string? id = null, StreamTrim? trim = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XAdd, XAddArguments(key, fields, id, trim, noMakeStream: true), StreamParsers.NullableId, cancellationToken);

    /// <summary>XTRIM: trims the stream at <paramref name="key"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="trim">The length or minimum ID to trim to.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many entries were removed.</returns>
    public ValueTask<long> XTrimAsync(RedisKey key, StreamTrim trim, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(trim);
        return Send(Tokens.XTrim, AddStreamTrim(CommandArguments.Rent().Add(key), trim), ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>XRANGE: the entries with IDs from <paramref name="start"/> to <paramref name="end"/>, oldest first.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="start">The first ID (<c>-</c> for the oldest; <c>(id</c> excludes it).</param>
    /// <param name="end">The last ID (<c>+</c> for the newest; <c>(id</c> excludes it).</param>
    /// <param name="count">At most this many entries (positive); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries; empty when the stream does not exist.</returns>
    public ValueTask<StreamEntry[]> XRangeAsync(RedisKey key, string start = "-", string end = "+", long? count = null, CancellationToken cancellationToken = default) =>
        SendStreamRange(Tokens.XRange, key, start, end, count, cancellationToken);

    /// <summary>XREVRANGE: the entries with IDs from <paramref name="end"/> down to <paramref name="start"/>, newest first.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="end">The highest ID (<c>+</c> for the newest), first as the command takes it.</param>
    /// <param name="start">The lowest ID (<c>-</c> for the oldest).</param>
    /// <param name="count">At most this many entries (positive); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries; empty when the stream does not exist.</returns>
    public ValueTask<StreamEntry[]> XRevRangeAsync(RedisKey key, string end = "+", string start = "-", long? count = null, CancellationToken cancellationToken = default) =>
        SendStreamRange(Tokens.XRevRange, key, end, start, count, cancellationToken);

    /// <summary>XLEN: the number of entries.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count; 0 when the stream does not exist.</returns>
    public ValueTask<long> XLenAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(Tokens.XLen, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>XDEL: deletes the entries with <paramref name="ids"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="ids">The entry IDs (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many entries existed and were deleted.</returns>
    public ValueTask<long> XDelAsync(RedisKey key, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        return Send(Tokens.XDel, AddStreamIds(CommandArguments.Rent().Add(key), ids, Tokens.XDel), ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>XDEL: deletes the entry with <paramref name="id"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="id">The entry ID.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the entry existed and was deleted; false when there was none.</returns>
    public ValueTask<bool> XDelAsync(RedisKey key, string id, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Send(Tokens.XDel, CommandArguments.Rent().Add(key).Add(id), ReplyParsers.Boolean, cancellationToken);
    }

    /// <summary>XREAD (without BLOCK): the entries after <paramref name="id"/> in one stream.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="id">Read after this ID (<c>0-0</c> for everything).</param>
    /// <param name="count">At most this many entries (positive); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, oldest first; empty when there are none.</returns>
    public ValueTask<StreamEntry[]> XReadAsync(RedisKey key, string id, long? count = null, CancellationToken cancellationToken = default)
    {
        var arguments = AddReadStreams(AddStreamCount(CommandArguments.Rent(), count), [new StreamPosition(key, id)], Tokens.XRead);
        return Send(Tokens.XRead, arguments, StreamParsers.SingleStream, cancellationToken);
    }

    /// <summary>XREAD (without BLOCK): the entries after each position's ID in several streams.</summary>
    /// <param name="streams">The streams and IDs (at least one).</param>
    /// <param name="count">At most this many entries per stream (positive); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One result per stream that has entries, in request order; empty when none has.</returns>
    public ValueTask<StreamReadResult[]> XReadAsync(IReadOnlyList<StreamPosition> streams, long? count = null, CancellationToken cancellationToken = default)
    {
        var arguments = AddReadStreams(AddStreamCount(CommandArguments.Rent(), count), streams, Tokens.XRead);
        return Send(Tokens.XRead, arguments, StreamParsers.ReadResults, cancellationToken);
    }

    private static CommandArguments XAddArguments(in RedisKey key, IReadOnlyList<StreamField> fields, string? id, StreamTrim? trim, bool noMakeStream)
    {
        ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("XADD needs at least one field.", nameof(fields));
        }

        if (id is { Length: 0 })
        {
            throw new ArgumentException("An entry ID cannot be empty (use null for an automatic ID).", nameof(id));
        }

        foreach (var field in fields)
        {
            if (field.Name.IsNull || field.Value.IsNull)
            {
                throw new ArgumentException("A stream field name or value cannot be null.", nameof(fields));
            }
        }

        var arguments = CommandArguments.Rent().Add(key);
        if (noMakeStream)
        {
            arguments.Add(Tokens.NoMkStream);
        }

        if (trim is not null)
        {
            AddStreamTrim(arguments, trim);
        }

        if (id is null)
        {
            arguments.Add(Tokens.AutoId);
        }
        else
        {
            arguments.Add(id);
        }

        foreach (var field in fields)
        {
            arguments.Add(field.Name).Add(field.Value);
        }

        return arguments;
    }

    private ValueTask<StreamEntry[]> SendStreamRange(CommandSpec token, in RedisKey key, string first, string second, long? count, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(first);
        ArgumentException.ThrowIfNullOrEmpty(second);
        var arguments = AddStreamCount(CommandArguments.Rent().Add(key).Add(first).Add(second), count);
        return Send(token, arguments, StreamParsers.Entries, cancellationToken);
    }

    private static CommandArguments AddStreamTrim(CommandArguments arguments, StreamTrim trim)
    {
        arguments.Add(trim.ByMinId ? Tokens.MinId : Tokens.MaxLen)
            .Add(trim.Approximate ? Tokens.Approximate : Tokens.Exact)
            .Add(trim.Threshold);
        return trim.Limit is { } limit ? arguments.Add(Tokens.Limit).Add(limit) : arguments;
    }

    private protected static CommandArguments AddStreamCount(CommandArguments arguments, long? count)
    {
        if (count is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(count));
            arguments.Add(Tokens.Count).Add(value);
        }

        return arguments;
    }

    private static CommandArguments AddStreamIds(CommandArguments arguments, IReadOnlyList<string> ids, CommandSpec token)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one ID.", nameof(ids));
        }

        foreach (var id in ids)
        {
            ArgumentException.ThrowIfNullOrEmpty(id, nameof(ids));
            arguments.Add(id);
        }

        return arguments;
    }

    /// <summary>Adds <c>STREAMS key… id…</c>.</summary>
    private protected static CommandArguments AddReadStreams(CommandArguments arguments, IReadOnlyList<StreamPosition> streams, CommandSpec token)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
        {
            throw new ArgumentException($"{token.Name} needs at least one stream.", nameof(streams));
        }

        foreach (var stream in streams)
        {
            ThrowIfNull(stream.Key);
            ArgumentException.ThrowIfNullOrEmpty(stream.Id, nameof(streams));
        }

        arguments.Add(Tokens.Streams);
        foreach (var stream in streams)
        {
            arguments.Add(stream.Key);
        }

        foreach (var stream in streams)
        {
            arguments.Add(stream.Id);
        }

        return arguments;
    }

    /// <summary>Adds <c>BLOCK milliseconds</c>, rounding up so a positive time never becomes 0 (which waits forever).</summary>
    private protected static CommandArguments AddStreamBlock(CommandArguments arguments, TimeSpan block) =>
        arguments.Add(Commands.Blocking.BlockingTokens.Block).Add(Commands.Blocking.BlockingArguments.Milliseconds(block));
}
