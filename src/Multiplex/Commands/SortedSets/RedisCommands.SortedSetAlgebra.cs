using Multiplex.Commands;
using Multiplex.Commands.SortedSets;
using Tokens = Multiplex.Commands.SortedSets.SortedSetTokens;

namespace Multiplex;

/// <summary>Sorted-set intersection, union and difference.</summary>
public abstract partial class RedisCommands
{
    /// <summary>ZINTER: the members present in every set of <paramref name="keys"/>.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="weights">A multiplier per key for its scores (<c>WEIGHTS</c>; not NaN, infinities allowed); null for 1 each.</param>
    /// <param name="aggregate">How scores combine (<c>AGGREGATE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, by combined score.</returns>
    public ValueTask<RedisValue[]> ZInterAsync(IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights = null, Aggregate aggregate = Aggregate.Sum, CancellationToken cancellationToken = default) =>
        SendZCombine(Tokens.ZInter, default, keys, weights, aggregate, withScores: false, SortedSetParsers.Values, cancellationToken);

    /// <summary>ZINTER … WITHSCORES: the entries present in every set of <paramref name="keys"/>, with combined scores.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="weights">A multiplier per key for its scores (<c>WEIGHTS</c>; not NaN, infinities allowed); null for 1 each.</param>
    /// <param name="aggregate">How scores combine (<c>AGGREGATE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, by combined score.</returns>
    public ValueTask<SortedSetEntry[]> ZInterWithScoresAsync(IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights = null, Aggregate aggregate = Aggregate.Sum, CancellationToken cancellationToken = default) =>
        SendZCombine(Tokens.ZInter, default, keys, weights, aggregate, withScores: true, SortedSetParsers.Entries, cancellationToken);

    /// <summary>ZINTERSTORE: stores the intersection of <paramref name="keys"/> at <paramref name="destination"/>.</summary>
    /// <param name="destination">The sorted set to (over)write.</param>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="weights">A multiplier per key for its scores (<c>WEIGHTS</c>; not NaN, infinities allowed); null for 1 each.</param>
    /// <param name="aggregate">How scores combine (<c>AGGREGATE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> ZInterStoreAsync(RedisKey destination, IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights = null, Aggregate aggregate = Aggregate.Sum, CancellationToken cancellationToken = default) =>
        SendZCombineStore(Tokens.ZInterStore, destination, keys, weights, aggregate, cancellationToken);

    /// <summary>ZINTERCARD: how many members the intersection of <paramref name="keys"/> has.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="limit">Stop counting at this many (<c>LIMIT</c>); 0 for no limit.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count (at most <paramref name="limit"/> when it is positive).</returns>
    public ValueTask<long> ZInterCardAsync(IReadOnlyList<RedisKey> keys, long limit = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfEmptyList(keys, Tokens.ZInterCard);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var arguments = AddKeyList(CommandArguments.Rent().Add(keys.Count), keys);
        if (limit > 0)
        {
            arguments.Add(Tokens.Limit).Add(limit);
        }

        return Send(Tokens.ZInterCard, arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>ZUNION: the members present in any set of <paramref name="keys"/>.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="weights">A multiplier per key for its scores (<c>WEIGHTS</c>; not NaN, infinities allowed); null for 1 each.</param>
    /// <param name="aggregate">How scores combine (<c>AGGREGATE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, by combined score.</returns>
    public ValueTask<RedisValue[]> ZUnionAsync(IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights = null, Aggregate aggregate = Aggregate.Sum, CancellationToken cancellationToken = default) =>
        SendZCombine(Tokens.ZUnion, default, keys, weights, aggregate, withScores: false, SortedSetParsers.Values, cancellationToken);

    /// <summary>ZUNION … WITHSCORES: the entries present in any set of <paramref name="keys"/>, with combined scores.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="weights">A multiplier per key for its scores (<c>WEIGHTS</c>; not NaN, infinities allowed); null for 1 each.</param>
    /// <param name="aggregate">How scores combine (<c>AGGREGATE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, by combined score.</returns>
    public ValueTask<SortedSetEntry[]> ZUnionWithScoresAsync(IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights = null, Aggregate aggregate = Aggregate.Sum, CancellationToken cancellationToken = default) =>
        SendZCombine(Tokens.ZUnion, default, keys, weights, aggregate, withScores: true, SortedSetParsers.Entries, cancellationToken);

    /// <summary>ZUNIONSTORE: stores the union of <paramref name="keys"/> at <paramref name="destination"/>.</summary>
    /// <param name="destination">The sorted set to (over)write.</param>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="weights">A multiplier per key for its scores (<c>WEIGHTS</c>; not NaN, infinities allowed); null for 1 each.</param>
    /// <param name="aggregate">How scores combine (<c>AGGREGATE</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> ZUnionStoreAsync(RedisKey destination, IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights = null, Aggregate aggregate = Aggregate.Sum, CancellationToken cancellationToken = default) =>
        SendZCombineStore(Tokens.ZUnionStore, destination, keys, weights, aggregate, cancellationToken);

    /// <summary>ZDIFF: the members of the first set of <paramref name="keys"/> that are in none of the others.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members, by score.</returns>
    public ValueTask<RedisValue[]> ZDiffAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendZCombine(Tokens.ZDiff, default, keys, null, Aggregate.Sum, withScores: false, SortedSetParsers.Values, cancellationToken);

    /// <summary>ZDIFF … WITHSCORES: the entries of the first set of <paramref name="keys"/> that are in none of the others.</summary>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The entries, by score.</returns>
    public ValueTask<SortedSetEntry[]> ZDiffWithScoresAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendZCombine(Tokens.ZDiff, default, keys, null, Aggregate.Sum, withScores: true, SortedSetParsers.Entries, cancellationToken);

    /// <summary>ZDIFFSTORE: stores the difference of <paramref name="keys"/> at <paramref name="destination"/>.</summary>
    /// <param name="destination">The sorted set to (over)write.</param>
    /// <param name="keys">The sorted sets (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> ZDiffStoreAsync(RedisKey destination, IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendZCombineStore(Tokens.ZDiffStore, destination, keys, null, Aggregate.Sum, cancellationToken);

    private ValueTask<long> SendZCombineStore(CommandSpec token, in RedisKey destination, IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights, Aggregate aggregate, CancellationToken cancellationToken)
    {
        ThrowIfNull(destination);
        return SendZCombine(token, destination, keys, weights, aggregate, withScores: false, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>Sends <c>[destination] numkeys key… [WEIGHTS w…] [AGGREGATE a] [WITHSCORES]</c>.</summary>
    private ValueTask<T> SendZCombine<T>(CommandSpec token, in RedisKey destination, IReadOnlyList<RedisKey> keys, IReadOnlyList<double>? weights, Aggregate aggregate, bool withScores, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfEmptyList(keys, token);
        if (weights is not null && weights.Count != keys.Count)
        {
            throw new ArgumentException($"{token.Name} needs exactly one weight per key ({keys.Count}), not {weights.Count}.", nameof(weights));
        }

        if (weights is not null)
        {
            foreach (var weight in weights)
            {
                ThrowIfNaN(weight, nameof(weights));
            }
        }

        var arguments = CommandArguments.Rent();
        if (!destination.IsNull)
        {
            arguments.Add(destination);
        }

        AddKeyList(arguments.Add(keys.Count), keys);
        if (weights is not null)
        {
            arguments.Add(Tokens.Weights);
            foreach (var weight in weights)
            {
                arguments.Add(weight);
            }
        }

        if (aggregate != Aggregate.Sum)
        {
            arguments.Add(Tokens.Aggregate).Add(aggregate == Aggregate.Min ? Tokens.Min : Tokens.Max);
        }

        if (withScores)
        {
            arguments.Add(Tokens.WithScores);
        }

        return Send(token, arguments, parser, cancellationToken);
    }
}
