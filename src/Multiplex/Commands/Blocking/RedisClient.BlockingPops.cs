using Multiplex.Commands;
using Multiplex.Commands.Blocking;
using Multiplex.Commands.Lists;
using Multiplex.Commands.SortedSets;
using Tokens = Multiplex.Commands.Blocking.BlockingTokens;

namespace Multiplex;

/// <summary>
/// Blocking list moves and sorted-set pops (BLMOVE, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP), on a leased
/// dedicated connection with the cancellation behaviour of <see cref="BLPopAsync(IReadOnlyList{RedisKey}, TimeSpan, CancellationToken)"/>.
/// </summary>
public sealed partial class RedisClient
{
    /// <summary>BLMOVE: moves an element from one end of <paramref name="source"/> to one end of <paramref name="destination"/>, waiting for one.</summary>
    /// <param name="source">The list to pop from.</param>
    /// <param name="destination">The list to push to (may be <paramref name="source"/>, to rotate it).</param>
    /// <param name="from">The end of the source to pop.</param>
    /// <param name="to">The end of the destination to push.</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The moved element, or <see cref="RedisValue.Null"/> when the timeout passed.</returns>
    public ValueTask<RedisValue> BLMoveAsync(RedisKey source, RedisKey destination, ListSide from, ListSide to, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(source);
        ThrowIfNull(destination);
        ThrowIfNegative(timeout);
        var arguments = CommandArguments.Rent().Add(source).Add(destination).Add(ListTokens.For(from)).Add(ListTokens.For(to));
        return ExecuteBlockingAsync(Tokens.BLMove, BlockingArguments.AddSeconds(arguments, timeout), ReplyParsers.Value, timeout, cancellationToken);
    }

    /// <summary>BLMPOP: pops up to <paramref name="count"/> elements from the first non-empty list of <paramref name="keys"/>, waiting for one.</summary>
    /// <param name="keys">The lists, checked in order (at least one).</param>
    /// <param name="side">The end to pop from.</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="count">The most elements to pop (positive; default 1).</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The list popped from and its elements; null when the timeout passed.</returns>
    public ValueTask<ListPopResult?> BLMPopAsync(IReadOnlyList<RedisKey> keys, ListSide side, TimeSpan timeout, long count = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfEmptyList(keys, Tokens.BLMPop);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ThrowIfNegative(timeout);
        var arguments = AddKeyList(BlockingArguments.AddSeconds(CommandArguments.Rent(), timeout).Add(keys.Count), keys)
            .Add(ListTokens.For(side)).Add(ListTokens.Count).Add(count);
        return ExecuteBlockingAsync(Tokens.BLMPop, arguments, ListPopResultParser.Instance, timeout, cancellationToken);
    }

    /// <summary>BZPOPMIN: pops the member with the lowest score from the first non-empty sorted set of <paramref name="keys"/>, waiting for one.</summary>
    /// <param name="keys">The sorted sets, checked in order (at least one).</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The set popped from with the member and its score; null when the timeout passed.</returns>
    public ValueTask<SortedSetElement?> BZPopMinAsync(IReadOnlyList<RedisKey> keys, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingZPopAsync(Tokens.BZPopMin, keys, timeout, cancellationToken);

    /// <summary>BZPOPMAX: pops the member with the highest score from the first non-empty sorted set of <paramref name="keys"/>, waiting for one.</summary>
    /// <param name="keys">The sorted sets, checked in order (at least one).</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The set popped from with the member and its score; null when the timeout passed.</returns>
    public ValueTask<SortedSetElement?> BZPopMaxAsync(IReadOnlyList<RedisKey> keys, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingZPopAsync(Tokens.BZPopMax, keys, timeout, cancellationToken);

    /// <summary>BZMPOP: pops up to <paramref name="count"/> entries from the first non-empty sorted set of <paramref name="keys"/>, waiting for one.</summary>
    /// <param name="keys">The sorted sets, checked in order (at least one).</param>
    /// <param name="side">Pop the lowest or the highest scores.</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="count">How many to pop at most (positive; default 1).</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The key popped from and its entries; null when the timeout passed.</returns>
    public ValueTask<SortedSetPopResult?> BZMPopAsync(IReadOnlyList<RedisKey> keys, SortedSetSide side, TimeSpan timeout, long count = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfEmptyList(keys, Tokens.BZMPop);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ThrowIfNegative(timeout);
        var arguments = AddKeyList(BlockingArguments.AddSeconds(CommandArguments.Rent(), timeout).Add(keys.Count), keys)
            .Add(side == SortedSetSide.Min ? SortedSetTokens.Min : SortedSetTokens.Max).Add(SortedSetTokens.Count).Add(count);
        return ExecuteBlockingAsync(Tokens.BZMPop, arguments, SortedSetParsers.PopResult, timeout, cancellationToken);
    }

    private ValueTask<SortedSetElement?> BlockingZPopAsync(CommandSpec command, IReadOnlyList<RedisKey> keys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfEmptyList(keys, command);
        ThrowIfNegative(timeout);
        var arguments = BlockingArguments.AddSeconds(AddKeyList(CommandArguments.Rent(), keys), timeout);
        return ExecuteBlockingAsync(command, arguments, BlockingParsers.SortedSetElement, timeout, cancellationToken);
    }
}
