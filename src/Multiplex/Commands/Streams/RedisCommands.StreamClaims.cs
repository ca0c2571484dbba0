using Multiplex.Commands;
using Multiplex.Commands.Streams;
using Tokens = Multiplex.Commands.Streams.StreamTokens;

namespace Multiplex;

/// <summary>Stream ownership and introspection: XCLAIM, XAUTOCLAIM and XINFO.</summary>
public abstract partial class RedisCommands
{
    /// <summary>XCLAIM: moves pending entries idle at least <paramref name="minIdle"/> to <paramref name="consumer"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The new owner.</param>
    /// <param name="minIdle">Claim only entries idle at least this long.</param>
    /// <param name="ids">The entry IDs (at least one).</param>
    /// <param name="options">IDLE, TIME, RETRYCOUNT and FORCE settings; null for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The claimed entries (entries deleted from the stream are left out).</returns>
    public ValueTask<StreamEntry[]> XClaimAsync(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan minIdle, IReadOnlyList<string> ids, StreamClaimOptions? options = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XClaim, XClaimArguments(key, group, consumer, minIdle, ids, options, justId: false), StreamParsers.Entries, cancellationToken);

    /// <summary>XCLAIM … JUSTID: as <see cref="XClaimAsync"/> but returns only IDs and leaves the delivery count alone.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The new owner.</param>
    /// <param name="minIdle">Claim only entries idle at least this long.</param>
    /// <param name="ids">The entry IDs (at least one).</param>
    /// <param name="options">IDLE, TIME, RETRYCOUNT and FORCE settings; null for none.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The claimed IDs.</returns>
    public ValueTask<string[]> XClaimIdsAsync(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan minIdle, IReadOnlyList<string> ids, StreamClaimOptions? options = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XClaim, XClaimArguments(key, group, consumer, minIdle, ids, options, justId: true), StreamParsers.Ids, cancellationToken);

    /// <summary>XAUTOCLAIM: claims pending entries idle at least <paramref name="minIdle"/>, scanning from <paramref name="start"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The new owner.</param>
    /// <param name="minIdle">Claim only entries idle at least this long.</param>
    /// <param name="start">Scan the pending list from this ID (<c>0-0</c> for the start).</param>
    /// <param name="count">Examine at most this many pending entries (positive); null for the server default of 100.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The next start ID, the claimed entries and the IDs found deleted.</returns>
    public ValueTask<StreamAutoClaimResult> XAutoClaimAsync(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan minIdle, string start = "0-0", long? count = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XAutoClaim, XAutoClaimArguments(key, group, consumer, minIdle, start, count, justId: false), StreamParsers.AutoClaim, cancellationToken);

    /// <summary>XAUTOCLAIM … JUSTID: as <see cref="XAutoClaimAsync"/> but returns only IDs and leaves the delivery count alone.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The new owner.</param>
    /// <param name="minIdle">Claim only entries idle at least this long.</param>
    /// <param name="start">Scan the pending list from this ID (<c>0-0</c> for the start).</param>
    /// <param name="count">Examine at most this many pending entries (positive); null for the server default.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The next start ID, the claimed IDs and the IDs found deleted.</returns>
    public ValueTask<StreamAutoClaimIdsResult> XAutoClaimIdsAsync(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan minIdle, string start = "0-0", long? count = null, CancellationToken cancellationToken = default) =>
        Send(Tokens.XAutoClaim, XAutoClaimArguments(key, group, consumer, minIdle, start, count, justId: true), StreamParsers.AutoClaimIds, cancellationToken);

    /// <summary>XINFO STREAM: the stream's length, IDs, group count and first and last entries.</summary>
    /// <param name="key">The stream (it must exist: a missing key is a <see cref="RedisServerException"/>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The information.</returns>
    public ValueTask<StreamInfo> XInfoStreamAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendXInfo(Tokens.XInfoStream, key, default, StreamInfoParsers.Stream, cancellationToken);

    /// <summary>XINFO GROUPS: the stream's consumer groups.</summary>
    /// <param name="key">The stream (it must exist).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One entry per group; empty when it has none.</returns>
    public ValueTask<StreamGroupInfo[]> XInfoGroupsAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendXInfo(Tokens.XInfoGroups, key, default, StreamInfoParsers.Groups, cancellationToken);

    /// <summary>XINFO CONSUMERS: the consumers of <paramref name="group"/>.</summary>
    /// <param name="key">The stream (it must exist).</param>
    /// <param name="group">The group (it must exist).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One entry per consumer; empty when it has none.</returns>
    public ValueTask<StreamConsumerInfo[]> XInfoConsumersAsync(RedisKey key, RedisValue group, CancellationToken cancellationToken = default)
    {
        ThrowIfNoStreamName(group, nameof(group));
        return SendXInfo(Tokens.XInfoConsumers, key, group, StreamInfoParsers.Consumers, cancellationToken);
    }

    private ValueTask<T> SendXInfo<T>(CommandSpec subcommand, in RedisKey key, in RedisValue group, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        var arguments = CommandArguments.Rent().Add(key);
        if (!group.IsNull)
        {
            arguments.Add(group);
        }

        return Send(subcommand, arguments, parser, cancellationToken);
    }

    private static CommandArguments XClaimArguments(in RedisKey key, in RedisValue group, in RedisValue consumer, TimeSpan minIdle, IReadOnlyList<string> ids, StreamClaimOptions? options, bool justId)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        ThrowIfNoStreamName(consumer, nameof(consumer));
        if (options is { Idle: not null, Time: not null })
        {
            throw new ArgumentException("XCLAIM takes IDLE or TIME, not both.", nameof(options));
        }

        var arguments = AddStreamIds(CommandArguments.Rent().Add(key).Add(group).Add(consumer).Add(StreamMilliseconds(minIdle, nameof(minIdle))), ids, Tokens.XClaim);
        if (options?.Idle is { } idle)
        {
            arguments.Add(Tokens.Idle).Add(StreamMilliseconds(idle, nameof(options)));
        }

        if (options?.Time is { } time)
        {
            arguments.Add(Tokens.Time).Add(time.ToUnixTimeMilliseconds());
        }

        if (options?.RetryCount is { } retries)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(retries, nameof(options));
            arguments.Add(Tokens.RetryCount).Add(retries);
        }

        if (options?.Force == true)
        {
            arguments.Add(Tokens.Force);
        }

        return justId ? arguments.Add(Tokens.JustId) : arguments;
    }

    private static CommandArguments XAutoClaimArguments(in RedisKey key, in RedisValue group, in RedisValue consumer, TimeSpan minIdle, string start, long? count, bool justId)
    {
        ThrowIfNull(key);
        ThrowIfNoStreamName(group, nameof(group));
        ThrowIfNoStreamName(consumer, nameof(consumer));
        ArgumentException.ThrowIfNullOrEmpty(start);
        var arguments = CommandArguments.Rent().Add(key).Add(group).Add(consumer).Add(StreamMilliseconds(minIdle, nameof(minIdle))).Add(start);
        AddStreamCount(arguments, count);
        return justId ? arguments.Add(Tokens.JustId) : arguments;
    }
}
