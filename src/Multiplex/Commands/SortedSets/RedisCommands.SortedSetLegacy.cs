using Multiplex.Commands;
using Multiplex.Commands.SortedSets;
using Tokens = Multiplex.Commands.SortedSets.SortedSetTokens;

namespace Multiplex;

/// <summary>
/// The older sorted-set range commands (ZRANGEBYSCORE and relatives, which ZRANGE supersedes) and the
/// ZREMRANGEBY* removals.
/// </summary>
public abstract partial class RedisCommands
{
    /// <summary>ZRANGEBYSCORE: the members scored between <paramref name="min"/> and <paramref name="max"/>, lowest first.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many members; null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members.</returns>
    public ValueTask<RedisValue[]> ZRangeByScoreAsync(RedisKey key, ScoreBound min, ScoreBound max, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRangeByScore, key, ZLegacyRange(min.ToString(), max.ToString(), offset, count, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZRANGEBYSCORE … WITHSCORES: the entries scored between <paramref name="min"/> and <paramref name="max"/>, lowest first.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many entries; null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members with their scores.</returns>
    public ValueTask<SortedSetEntry[]> ZRangeByScoreWithScoresAsync(RedisKey key, ScoreBound min, ScoreBound max, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRangeByScore, key, ZLegacyRange(min.ToString(), max.ToString(), offset, count, withScores: true), SortedSetParsers.Entries, cancellationToken);

    /// <summary>ZREVRANGEBYSCORE: the members scored between <paramref name="min"/> and <paramref name="max"/>, highest first.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="max">The upper bound (first, as the command takes it).</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many members; null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members.</returns>
    public ValueTask<RedisValue[]> ZRevRangeByScoreAsync(RedisKey key, ScoreBound max, ScoreBound min, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRevRangeByScore, key, ZLegacyRange(max.ToString(), min.ToString(), offset, count, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZRANGEBYLEX: the members between <paramref name="min"/> and <paramref name="max"/>, ascending.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many members; null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members.</returns>
    public ValueTask<RedisValue[]> ZRangeByLexAsync(RedisKey key, LexBound min, LexBound max, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRangeByLex, key, ZLegacyRange(min.ToArgument(), max.ToArgument(), offset, count, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZREVRANGEBYLEX: the members between <paramref name="min"/> and <paramref name="max"/>, descending.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="max">The upper bound (first, as the command takes it).</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="offset">How many matches to skip (<c>LIMIT</c>).</param>
    /// <param name="count">At most this many members; null for all.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The members.</returns>
    public ValueTask<RedisValue[]> ZRevRangeByLexAsync(RedisKey key, LexBound max, LexBound min, long offset = 0, long? count = null, CancellationToken cancellationToken = default) =>
        SendZRange(Tokens.ZRevRangeByLex, key, ZLegacyRange(max.ToArgument(), min.ToArgument(), offset, count, withScores: false), SortedSetParsers.Values, cancellationToken);

    /// <summary>ZREMRANGEBYRANK: removes the members ranked <paramref name="start"/> to <paramref name="stop"/> (negative from the end).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="start">The first rank.</param>
    /// <param name="stop">The last rank (inclusive).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many were removed.</returns>
    public ValueTask<long> ZRemRangeByRankAsync(RedisKey key, long start, long stop, CancellationToken cancellationToken = default) =>
        SendZPair(Tokens.ZRemRangeByRank, key, start, stop, cancellationToken);

    /// <summary>ZREMRANGEBYSCORE: removes the members scored between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many were removed.</returns>
    public ValueTask<long> ZRemRangeByScoreAsync(RedisKey key, ScoreBound min, ScoreBound max, CancellationToken cancellationToken = default) =>
        SendZPair(Tokens.ZRemRangeByScore, key, min.ToString(), max.ToString(), cancellationToken);

    /// <summary>ZREMRANGEBYLEX: removes the members between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many were removed.</returns>
    public ValueTask<long> ZRemRangeByLexAsync(RedisKey key, LexBound min, LexBound max, CancellationToken cancellationToken = default) =>
        SendZPair(Tokens.ZRemRangeByLex, key, min.ToArgument(), max.ToArgument(), cancellationToken);

    private static ZRangeArguments ZLegacyRange(RedisValue first, RedisValue second, long offset, long? count, bool withScores)
    {
        var range = ZBoundRange(first, second, Tokens.ByScore, reverse: false, offset, count, withScores);
        return range with { By = null };
    }

    private ValueTask<long> SendZPair(CommandSpec token, in RedisKey key, RedisValue first, RedisValue second, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        return Send(token, CommandArguments.Rent().Add(key).Add(first).Add(second), ReplyParsers.Int64, cancellationToken);
    }
}
