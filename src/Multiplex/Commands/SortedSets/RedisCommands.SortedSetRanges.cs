using Multiplex.Commands;
using Multiplex.Commands.SortedSets;
using Multiplex.Protocol;
using Tokens = Multiplex.Commands.SortedSets.SortedSetTokens;

namespace Multiplex;

/// <summary>Sorted-set range commands: the unified ZRANGE (by rank, score or lex) and ZRANGESTORE.</summary>
public abstract partial class RedisCommands
{
    /// <summary>ZRANGE: the members ranked <paramref name="start"/> to <paramref name="stop"/> (0-based, negative from the end).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="start">The first rank.</param>
    /// <param name="stop">The last rank (inclusive).</param>
    /// <param name="reverse">Rank from the highest score (<c>REV</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members in rank order; empty when the key does not exist.</returns>
    public ValueTask<RedisValue[]> ZRangeAsync(RedisKey key, long start, long stop, bool reverse = false, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRange, key, ZRankRange(start, stop, reverse, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZRANGE … WITHSCORES: the entries ranked <paramref name="start"/> to <paramref name="stop"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="start">The first rank.</param>
    /// <param name="stop">The last rank (inclusive).</param>
    /// <param name="reverse">Rank from the highest score (<c>REV</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members with their scores in rank order; empty when the key does not exist.</returns>
    public ValueTask<SortedSetEntry[]> ZRangeWithScoresAsync(RedisKey key, long start, long stop, bool reverse = false, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRange, key, ZRankRange(start, stop, reverse, withScores: true), SortedSetParsers.Entries, cancellationToken);

    /// <summary>ZRANGE … BYSCORE: the members whose score lies between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound (given first even with <paramref name="reverse"/>).</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="reverse">Highest score first (<c>REV</c>).</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>; not negative).</param>
    /// <param name="count">At most this many members (<c>LIMIT</c>); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members in score order.</returns>
    public ValueTask<RedisValue[]> ZRangeAsync(RedisKey key, ScoreBound min, ScoreBound max, bool reverse = false, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRange, key, ZBoundRange(min.ToString(), max.ToString(), Tokens.ByScore, reverse, offset, count, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZRANGE … BYSCORE WITHSCORES: the entries whose score lies between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound (given first even with <paramref name="reverse"/>).</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="reverse">Highest score first (<c>REV</c>).</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>; not negative).</param>
    /// <param name="count">At most this many entries (<c>LIMIT</c>); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members with their scores in score order.</returns>
    public ValueTask<SortedSetEntry[]> ZRangeWithScoresAsync(RedisKey key, ScoreBound min, ScoreBound max, bool reverse = false, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRange, key, ZBoundRange(min.ToString(), max.ToString(), Tokens.ByScore, reverse, offset, count, withScores: true), SortedSetParsers.Entries, cancellationToken);

    /// <summary>ZRANGE … BYLEX: the members between <paramref name="min"/> and <paramref name="max"/> (members of equal score).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound (given first even with <paramref name="reverse"/>).</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="reverse">Descending order (<c>REV</c>).</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>; not negative).</param>
    /// <param name="count">At most this many members (<c>LIMIT</c>); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members in lexicographical order.</returns>
    public ValueTask<RedisValue[]> ZRangeAsync(RedisKey key, LexBound min, LexBound max, bool reverse = false, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRange, key, ZBoundRange(min.ToArgument(), max.ToArgument(), Tokens.ByLex, reverse, offset, count, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZRANGESTORE: stores the members of <paramref name="source"/> ranked <paramref name="start"/> to <paramref name="stop"/> at <paramref name="destination"/>.</summary>
    /// <param name="destination">The sorted set to (over)write.</param>
    /// <param name="source">The sorted set to read.</param>
    /// <param name="start">The first rank.</param>
    /// <param name="stop">The last rank (inclusive).</param>
    /// <param name="reverse">Rank from the highest score (<c>REV</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> ZRangeStoreAsync(RedisKey destination, RedisKey source, long start, long stop, bool reverse = false, CancellationToken cancellationToken = default) =>
        SendZRangeStore(destination, source, ZRankRange(start, stop, reverse, withScores: false), cancellationToken);

    /// <summary>ZRANGESTORE … BYSCORE: stores the members of <paramref name="source"/> scored between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="destination">The sorted set to (over)write.</param>
    /// <param name="source">The sorted set to read.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="reverse">Highest score first, which matters with a limit (<c>REV</c>).</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many members (<c>LIMIT</c>); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> ZRangeStoreAsync(RedisKey destination, RedisKey source, ScoreBound min, ScoreBound max, bool reverse = false, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRangeStore(destination, source, ZBoundRange(min.ToString(), max.ToString(), Tokens.ByScore, reverse, offset, count, withScores: false), cancellationToken);

    /// <summary>ZRANGESTORE … BYLEX: stores the members of <paramref name="source"/> between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="destination">The sorted set to (over)write.</param>
    /// <param name="source">The sorted set to read.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="reverse">Descending order, which matters with a limit (<c>REV</c>).</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many members (<c>LIMIT</c>); null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members <paramref name="destination"/> now holds.</returns>
    public ValueTask<long> ZRangeStoreAsync(RedisKey destination, RedisKey source, LexBound min, LexBound max, bool reverse = false, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRangeStore(destination, source, ZBoundRange(min.ToArgument(), max.ToArgument(), Tokens.ByLex, reverse, offset, count, withScores: false), cancellationToken);

    /// <summary>The arguments after the key: start, stop, then the range options.</summary>
    private readonly record struct ZRangeArguments(RedisValue Start, RedisValue Stop, CommandToken? By, bool Reverse, long Offset, long? Count, bool WithScores);

    private static ZRangeArguments ZRankRange(long start, long stop, bool reverse, bool withScores) =>
        new(start, stop, null, reverse, 0, null, withScores);

    private static ZRangeArguments ZBoundRange(RedisValue min, RedisValue max, CommandToken by, bool reverse, long offset, long? count, bool withScores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count cannot be negative (use null for all).");
        }

        // With REV the server expects the upper bound first.
        return reverse
            ? new(max, min, by, reverse, offset, count, withScores)
            : new(min, max, by, reverse, offset, count, withScores);
    }

    private static CommandArguments AddZRange(CommandArguments arguments, in ZRangeArguments range)
    {
        arguments.Add(range.Start).Add(range.Stop);
        if (range.By is { } by)
        {
            arguments.Add(by);
        }

        if (range.Reverse)
        {
            arguments.Add(Tokens.Rev);
        }

        if (range.Count is not null || range.Offset != 0)
        {
            // A negative count after LIMIT means "all the rest".
            arguments.Add(Tokens.Limit).Add(range.Offset).Add(range.Count ?? -1);
        }

        return range.WithScores ? arguments.Add(Tokens.WithScores) : arguments;
    }

    private ValueTask<T> SendZRange<T>(CommandSpec token, in RedisKey key, in ZRangeArguments range, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        return Send(token, AddZRange(CommandArguments.Rent().Add(key), range), parser, cancellationToken);
    }

    private ValueTask<long> SendZRangeStore(in RedisKey destination, in RedisKey source, in ZRangeArguments range, CancellationToken cancellationToken)
    {
        ThrowIfNull(destination);
        ThrowIfNull(source);
        var arguments = AddZRange(CommandArguments.Rent().Add(destination).Add(source), range);
        return Send(Tokens.ZRangeStore, arguments, ReplyParsers.Int64, cancellationToken);
    }
}
