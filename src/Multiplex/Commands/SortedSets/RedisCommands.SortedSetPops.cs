using Multiplex.Commands;
using Multiplex.Commands.SortedSets;
using Tokens = Multiplex.Commands.SortedSets.SortedSetTokens;

namespace Multiplex;

/// <summary>Sorted-set commands that pop or sample members.</summary>
public abstract partial class RedisCommands
{
    /// <summary>ZPOPMIN: removes and returns the member with the lowest score.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entry; null when the set is empty or missing.</returns>
    public ValueTask<SortedSetEntry?> ZPopMinAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(Tokens.ZPopMin, key, SortedSetParsers.SingleEntry, cancellationToken);

    /// <summary>ZPOPMIN: removes and returns up to <paramref name="count"/> members with the lowest scores.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="count">How many to pop (not negative; 0 pops nothing, as the server does).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, lowest score first; empty when the set is empty or missing or <paramref name="count"/> is 0.</returns>
    public ValueTask<SortedSetEntry[]> ZPopMinAsync(RedisKey key, long count, CancellationToken cancellationToken = default) =>
        SendZPop(Tokens.ZPopMin, key, count, cancellationToken);

    /// <summary>ZPOPMAX: removes and returns the member with the highest score.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entry; null when the set is empty or missing.</returns>
    public ValueTask<SortedSetEntry?> ZPopMaxAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(Tokens.ZPopMax, key, SortedSetParsers.SingleEntry, cancellationToken);

    /// <summary>ZPOPMAX: removes and returns up to <paramref name="count"/> members with the highest scores.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="count">How many to pop (not negative; 0 pops nothing, as the server does).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, highest score first; empty when the set is empty or missing or <paramref name="count"/> is 0.</returns>
    public ValueTask<SortedSetEntry[]> ZPopMaxAsync(RedisKey key, long count, CancellationToken cancellationToken = default) =>
        SendZPop(Tokens.ZPopMax, key, count, cancellationToken);

    /// <summary>ZMPOP (non-blocking): pops up to <paramref name="count"/> entries from the first non-empty set of <paramref name="keys"/>.</summary>
    /// <param name="keys">The sorted sets, in the order to try (at least one).</param>
    /// <param name="side">Pop the lowest or the highest scores.</param>
    /// <param name="count">How many to pop at most (positive).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The key popped from and its entries; null when every set is empty or missing.</returns>
    public ValueTask<SortedSetPopResult?> ZMPopAsync(IReadOnlyList<RedisKey> keys, SortedSetSide side, long count = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfEmptyList(keys, Tokens.ZMPop);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var arguments = AddKeyList(CommandArguments.Rent().Add(keys.Count), keys)
            .Add(side == SortedSetSide.Min ? Tokens.Min : Tokens.Max).Add(Tokens.Count).Add(count);
        return Send(Tokens.ZMPop, arguments, SortedSetParsers.PopResult, cancellationToken);
    }

    /// <summary>ZRANDMEMBER: one random member.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The member; <see cref="RedisValue.Null"/> when the key does not exist.</returns>
    public ValueTask<RedisValue> ZRandMemberAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(Tokens.ZRandMember, key, ReplyParsers.Value, cancellationToken);

    /// <summary>ZRANDMEMBER: random members; a positive <paramref name="count"/> gives distinct ones, a negative one may repeat.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="count">How many (positive: distinct, at most the set's size; negative: exactly |count|, repeats allowed).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> ZRandMemberAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        return Send(Tokens.ZRandMember, CommandArguments.Rent().Add(key).Add(count), SortedSetParsers.Values, cancellationToken);
    }

    /// <summary>ZRANDMEMBER … WITHSCORES: random entries, as <see cref="ZRandMemberAsync(RedisKey, long, CancellationToken)"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="count">How many (positive: distinct; negative: repeats allowed).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members with their scores; empty when the key does not exist.</returns>
    public ValueTask<SortedSetEntry[]> ZRandMemberWithScoresAsync(RedisKey key, long count, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var arguments = CommandArguments.Rent().Add(key).Add(count).Add(Tokens.WithScores);
        return Send(Tokens.ZRandMember, arguments, SortedSetParsers.Entries, cancellationToken);
    }

    private ValueTask<SortedSetEntry[]> SendZPop(CommandSpec token, in RedisKey key, long count, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Send(token, CommandArguments.Rent().Add(key).Add(count), SortedSetParsers.Entries, cancellationToken);
    }
}
