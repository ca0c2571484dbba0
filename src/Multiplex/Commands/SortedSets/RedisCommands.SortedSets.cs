using Multiplex.Commands;
using Multiplex.Commands.SortedSets;
using Tokens = Multiplex.Commands.SortedSets.SortedSetTokens;

namespace Multiplex;

/// <summary>Sorted-set commands: adding, removing, scores, ranks and counts.</summary>
public abstract partial class RedisCommands
{
    /// <summary>ZADD: adds <paramref name="member"/> with <paramref name="score"/>, or updates its score.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="score">The score (not NaN; <c>-inf</c> and <c>+inf</c> are valid).</param>
    /// <param name="when">Only add new members (<c>NX</c>) or only update existing ones (<c>XX</c>).</param>
    /// <param name="comparison">Update only to a greater or lesser score (<c>GT</c>/<c>LT</c>; not with NX).</param>
    /// <param name="changed">Count updated scores as well as additions (<c>CH</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the member was added (or, with <paramref name="changed"/>, added or its score changed).</returns>
    public ValueTask<bool> ZAddAsync(RedisKey key, RedisValue member, double score, When when = When.Always, ScoreComparison comparison = ScoreComparison.None, bool changed = false, CancellationToken cancellationToken = default)
    {
        var entry = new SortedSetEntry(member, score);
        return SendZAdd(key, new ReadOnlySpan<SortedSetEntry>(in entry), when, comparison, changed, ReplyParsers.Boolean, nameof(member), nameof(score), cancellationToken);
    }

    /// <summary>ZADD: adds every entry in <paramref name="entries"/>, or updates the scores of existing members.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="entries">The members and scores (at least one).</param>
    /// <param name="when">Only add new members (<c>NX</c>) or only update existing ones (<c>XX</c>).</param>
    /// <param name="comparison">Update only to a greater or lesser score (<c>GT</c>/<c>LT</c>; not with NX).</param>
    /// <param name="changed">Count updated scores as well as additions (<c>CH</c>).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many members were added (with <paramref name="changed"/>: added or changed).</returns>
    public ValueTask<long> ZAddAsync(RedisKey key, IReadOnlyList<SortedSetEntry> entries, When when = When.Always, ScoreComparison comparison = ScoreComparison.None, bool changed = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("ZADD needs at least one entry.", nameof(entries));
        }

        return SendZAdd(key, entries is SortedSetEntry[] array ? array : [.. entries], when, comparison, changed, ReplyParsers.Int64, nameof(entries), nameof(entries), cancellationToken);
    }

    /// <summary>ZADD … INCR: adds <paramref name="increment"/> to the score of <paramref name="member"/> (0 when new).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="increment">The amount to add (not NaN).</param>
    /// <param name="when">Only new members (<c>NX</c>) or only existing ones (<c>XX</c>).</param>
    /// <param name="comparison">Only when the new score is greater or lesser (<c>GT</c>/<c>LT</c>; not with NX).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new score; null when a condition stopped the update.</returns>
    public ValueTask<double?> ZAddIncrAsync(RedisKey key, RedisValue member, double increment, When when = When.Always, ScoreComparison comparison = ScoreComparison.None, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfInvalidZAdd(when, comparison);
        ThrowIfInvalidZMember(member, nameof(member), increment, nameof(increment));
        var arguments = AddZAddOptions(CommandArguments.Rent().Add(key), when, comparison, changed: false)
            .Add(Tokens.Incr).Add(increment).Add(member);
        return Send(Tokens.ZAdd, arguments, SortedSetParsers.NullableDouble, cancellationToken);
    }

    /// <summary>ZREM: removes <paramref name="member"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the member was present.</returns>
    public ValueTask<bool> ZRemAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendZMember(Tokens.ZRem, key, member, ReplyParsers.Boolean, cancellationToken);

    /// <summary>ZREM: removes every member in <paramref name="members"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many were present.</returns>
    public ValueTask<long> ZRemAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendZMembers(Tokens.ZRem, key, members, ReplyParsers.Int64, cancellationToken);

    /// <summary>ZSCORE: the score of <paramref name="member"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The score; null when the member or the key does not exist.</returns>
    public ValueTask<double?> ZScoreAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendZMember(Tokens.ZScore, key, member, SortedSetParsers.NullableDouble, cancellationToken);

    /// <summary>ZMSCORE: the scores of <paramref name="members"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="members">The members (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>One score per member, in order; null for a member that does not exist.</returns>
    public ValueTask<double?[]> ZMScoreAsync(RedisKey key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default) =>
        SendZMembers(Tokens.ZMScore, key, members, SortedSetParsers.NullableDoubles, cancellationToken);

    /// <summary>ZINCRBY: adds <paramref name="increment"/> to the score of <paramref name="member"/> (0 when new).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="increment">The amount to add (not NaN).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The new score.</returns>
    public ValueTask<double> ZIncrByAsync(RedisKey key, RedisValue member, double increment, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        ThrowIfInvalidZMember(member, nameof(member), increment, nameof(increment));
        var arguments = CommandArguments.Rent().Add(key).Add(increment).Add(member);
        return Send(Tokens.ZIncrBy, arguments, ReplyParsers.Double, cancellationToken);
    }

    /// <summary>ZCARD: the number of members.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count; 0 when the key does not exist.</returns>
    public ValueTask<long> ZCardAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(Tokens.ZCard, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>ZCOUNT: how many members have a score between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count.</returns>
    public ValueTask<long> ZCountAsync(RedisKey key, ScoreBound min, ScoreBound max, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var arguments = CommandArguments.Rent().Add(key).Add(min.ToString()).Add(max.ToString());
        return Send(Tokens.ZCount, arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>ZLEXCOUNT: how many members lie between <paramref name="min"/> and <paramref name="max"/> (members of equal score).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The count.</returns>
    public ValueTask<long> ZLexCountAsync(RedisKey key, LexBound min, LexBound max, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        var arguments = CommandArguments.Rent().Add(key).Add(min.ToArgument()).Add(max.ToArgument());
        return Send(Tokens.ZLexCount, arguments, ReplyParsers.Int64, cancellationToken);
    }

    /// <summary>ZRANK: the 0-based rank of <paramref name="member"/>, lowest score first.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The rank; null when the member or the key does not exist.</returns>
    public ValueTask<long?> ZRankAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendZMember(Tokens.ZRank, key, member, ReplyParsers.NullableInt64, cancellationToken);

    /// <summary>ZREVRANK: the 0-based rank of <paramref name="member"/>, highest score first.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The rank; null when the member or the key does not exist.</returns>
    public ValueTask<long?> ZRevRankAsync(RedisKey key, RedisValue member, CancellationToken cancellationToken = default) =>
        SendZMember(Tokens.ZRevRank, key, member, ReplyParsers.NullableInt64, cancellationToken);

    private ValueTask<T> SendZAdd<T>(
        in RedisKey key,
        ReadOnlySpan<SortedSetEntry> entries,
        When when,
        ScoreComparison comparison,
        bool changed,
        ReplyParser<T> parser,
        string memberParameter,
        string scoreParameter,
        CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfInvalidZAdd(when, comparison);

        // Every entry is checked before any argument is rented, so a bad one sends nothing.
        foreach (var entry in entries)
        {
            ThrowIfInvalidZMember(entry.Member, memberParameter, entry.Score, scoreParameter);
        }

        var arguments = AddZAddOptions(CommandArguments.Rent().Add(key), when, comparison, changed);
        foreach (var entry in entries)
        {
            arguments.Add(entry.Score).Add(entry.Member);
        }

        return Send(Tokens.ZAdd, arguments, parser, cancellationToken);
    }

    private ValueTask<T> SendZMember<T>(CommandSpec token, in RedisKey key, in RedisValue member, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        if (member.IsNull)
        {
            throw new ArgumentException($"{token.Name} needs a member.", nameof(member));
        }

        // ZSCORE, ZRANK and ZREVRANK are cached reads: looked up before a command is rented for them.
        return SendKeyArguments(token, key, parser, cancellationToken, member);
    }

    private ValueTask<T> SendZMembers<T>(CommandSpec token, in RedisKey key, IReadOnlyList<RedisValue> values, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ThrowIfNull(key);
        ThrowIfEmptyList(values, token, "members");
        return Send(token, AddValueList(CommandArguments.Rent().Add(key), values), parser, cancellationToken);
    }

    private static void ThrowIfInvalidZAdd(When when, ScoreComparison comparison)
    {
        if (when == When.NotExists && comparison != ScoreComparison.None)
        {
            throw new ArgumentException("ZADD cannot combine NX (When.NotExists) with GT or LT.", nameof(comparison));
        }
    }

    /// <summary>
    /// Refuses a null member and a NaN score (or increment), naming the parameter that holds each.
    /// Infinite scores are valid: Redis stores <c>-inf</c> and <c>+inf</c>.
    /// </summary>
    private static void ThrowIfInvalidZMember(in RedisValue member, string memberParameter, double score, string scoreParameter)
    {
        if (member.IsNull)
        {
            throw new ArgumentException("A sorted-set member cannot be null.", memberParameter);
        }

        ThrowIfNaN(score, scoreParameter);
    }

    /// <summary>Refuses NaN, which Redis rejects as a score, increment or weight; infinities are valid.</summary>
    private static void ThrowIfNaN(double value, string parameterName)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("A sorted-set score, increment or weight cannot be NaN (Redis refuses it; -inf and +inf are valid).", parameterName);
        }
    }

    private static CommandArguments AddZAddOptions(CommandArguments arguments, When when, ScoreComparison comparison, bool changed)
    {
        if (when != When.Always)
        {
            arguments.Add(when == When.NotExists ? Tokens.Nx : Tokens.Xx);
        }

        if (comparison != ScoreComparison.None)
        {
            arguments.Add(comparison == ScoreComparison.GreaterThan ? Tokens.Gt : Tokens.Lt);
        }

        return changed ? arguments.Add(Tokens.Ch) : arguments;
    }
}
