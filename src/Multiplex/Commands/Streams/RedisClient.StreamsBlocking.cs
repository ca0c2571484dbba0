using Multiplex.Commands;
using Multiplex.Commands.Streams;
using Multiplex.Commands.Blocking;

namespace Multiplex;

/// <summary>
/// XREAD and XREADGROUP with BLOCK. They run on a leased dedicated connection with the cancellation
/// behaviour of <see cref="BLPopAsync(IReadOnlyList{RedisKey}, TimeSpan, CancellationToken)"/>; the overloads without a block time stay on the shared connection.
/// </summary>
public sealed partial class RedisClient
{
    /// <summary>XREAD … BLOCK: the entries after <paramref name="id"/> in one stream, waiting up to <paramref name="block"/> for some.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="id">Read after this ID (<c>$</c> for entries added from now on).</param>
    /// <param name="block">How long the server waits for an entry; <see cref="TimeSpan.Zero"/> (<c>BLOCK 0</c>) waits until one arrives or the call is cancelled.</param>
    /// <param name="count">At most this many entries (positive); null for all.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The entries, oldest first; empty when the block time passed without any.</returns>
    public ValueTask<StreamEntry[]> XReadAsync(RedisKey key, string id, TimeSpan block, long? count = null, CancellationToken cancellationToken = default)
    {
        var arguments = XReadBlockArguments([new StreamPosition(key, id)], block, count);
        return ExecuteBlockingAsync(BlockingTokens.XRead, arguments, StreamParsers.SingleStream, block, cancellationToken);
    }

    /// <summary>XREAD … BLOCK: the entries after each position's ID in several streams, waiting up to <paramref name="block"/> for some.</summary>
    /// <param name="streams">The streams and IDs (at least one; <c>$</c> for entries added from now on).</param>
    /// <param name="block">How long the server waits for an entry; <see cref="TimeSpan.Zero"/> (<c>BLOCK 0</c>) waits until one arrives or the call is cancelled.</param>
    /// <param name="count">At most this many entries per stream (positive); null for all.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>One result per stream that has entries, in request order; empty when the block time passed without any.</returns>
    public ValueTask<StreamReadResult[]> XReadAsync(IReadOnlyList<StreamPosition> streams, TimeSpan block, long? count = null, CancellationToken cancellationToken = default)
    {
        var arguments = XReadBlockArguments(streams, block, count);
        return ExecuteBlockingAsync(BlockingTokens.XRead, arguments, StreamParsers.ReadResults, block, cancellationToken);
    }

    /// <summary>XREADGROUP … BLOCK: reads one stream as <paramref name="consumer"/> of <paramref name="group"/>, waiting up to <paramref name="block"/> for entries.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="group">The group.</param>
    /// <param name="consumer">The consumer (created on first use).</param>
    /// <param name="block">How long the server waits for an entry; <see cref="TimeSpan.Zero"/> (<c>BLOCK 0</c>) waits until one arrives or the call is cancelled. The server only blocks for <c>&gt;</c>.</param>
    /// <param name="id"><c>&gt;</c> for entries never delivered to the group; any other ID re-reads this consumer's pending entries after it, without blocking.</param>
    /// <param name="count">At most this many entries (positive); null for all.</param>
    /// <param name="noAck">Do not add the entries to the pending list (<c>NOACK</c>).</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The entries; empty when the block time passed without any.</returns>
    public ValueTask<StreamEntry[]> XReadGroupAsync(RedisKey key, RedisValue group, RedisValue consumer, TimeSpan block, string id = ">", long? count = null, bool noAck = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNegative(block);
        var arguments = XReadGroupArguments(group, consumer, [new StreamPosition(key, id)], count, noAck, block);
        return ExecuteBlockingAsync(BlockingTokens.XReadGroup, arguments, StreamParsers.SingleStream, block, cancellationToken);
    }

    /// <summary>XREADGROUP … BLOCK: reads several streams as <paramref name="consumer"/> of <paramref name="group"/>, waiting up to <paramref name="block"/> for entries.</summary>
    /// <param name="group">The group (it must exist on every stream).</param>
    /// <param name="consumer">The consumer (created on first use).</param>
    /// <param name="streams">The streams and IDs (<c>&gt;</c> for new entries), at least one.</param>
    /// <param name="block">How long the server waits for an entry; <see cref="TimeSpan.Zero"/> (<c>BLOCK 0</c>) waits until one arrives or the call is cancelled.</param>
    /// <param name="count">At most this many entries per stream (positive); null for all.</param>
    /// <param name="noAck">Do not add the entries to the pending list (<c>NOACK</c>).</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>One result per stream with entries; empty when the block time passed without any.</returns>
    public ValueTask<StreamReadResult[]> XReadGroupAsync(RedisValue group, RedisValue consumer, IReadOnlyList<StreamPosition> streams, TimeSpan block, long? count = null, bool noAck = false, CancellationToken cancellationToken = default)
    {
        ThrowIfNegative(block);
        var arguments = XReadGroupArguments(group, consumer, streams, count, noAck, block);
        return ExecuteBlockingAsync(BlockingTokens.XReadGroup, arguments, StreamParsers.ReadResults, block, cancellationToken);
    }

    private static CommandArguments XReadBlockArguments(IReadOnlyList<StreamPosition> streams, TimeSpan block, long? count)
    {
        ThrowIfNegative(block);
        var arguments = AddStreamBlock(AddStreamCount(CommandArguments.Rent(), count), block);
        return AddReadStreams(arguments, streams, BlockingTokens.XRead);
    }
}
