namespace Multiplex;

/// <summary>
/// Something a <see cref="RedisTransaction"/> checks before it runs (see
/// <see cref="RedisTransaction.AddCondition"/>): the key is WATCHed on a dedicated connection, the
/// condition is read there, and MULTI/EXEC is sent only when every condition holds. A change to the
/// key after the check (by another client) discards the transaction, so a condition that held is
/// still true when the commands run.
/// </summary>
public sealed class Condition
{
    private readonly Func<RedisInteractiveCommands, CancellationToken, ValueTask<bool>> _check;
    private readonly string _description;

    private Condition(RedisKey key, string description, Func<RedisInteractiveCommands, CancellationToken, ValueTask<bool>> check)
    {
        if (key.IsNull)
        {
            throw new ArgumentException("A condition needs a key (the key is null).", nameof(key));
        }

        Key = key;
        _description = description;
        _check = check;
    }

    /// <summary>The key the condition reads (and the transaction WATCHes).</summary>
    public RedisKey Key { get; }

    /// <summary>The key exists (EXISTS).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The condition.</returns>
    public static Condition KeyExists(RedisKey key) =>
        new(key, $"{key} exists", (client, token) => client.ExistsAsync(key, token));

    /// <summary>The key does not exist (EXISTS).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The condition.</returns>
    public static Condition KeyNotExists(RedisKey key) =>
        new(key, $"{key} does not exist", (client, token) => Test(client.ExistsAsync(key, token), exists => !exists));

    /// <summary>The string at the key equals <paramref name="value"/> (GET); a null value means the key is absent.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The expected value.</param>
    /// <returns>The condition.</returns>
    public static Condition StringEqual(RedisKey key, RedisValue value) =>
        new(key, $"{key} equals the given value", (client, token) => Test(client.GetAsync(key, token), actual => actual == value));

    /// <summary>The hash field equals <paramref name="value"/> (HGET); a null value means the field is absent.</summary>
    /// <param name="key">The hash.</param>
    /// <param name="field">The field.</param>
    /// <param name="value">The expected value.</param>
    /// <returns>The condition.</returns>
    public static Condition HashEqual(RedisKey key, RedisValue field, RedisValue value) =>
        new(key, $"field {field} of {key} equals the given value", (client, token) => Test(client.HGetAsync(key, field, token), actual => actual == value));

    /// <summary>The hash has the field (HEXISTS).</summary>
    /// <param name="key">The hash.</param>
    /// <param name="field">The field.</param>
    /// <returns>The condition.</returns>
    public static Condition HashExists(RedisKey key, RedisValue field) =>
        new(key, $"field {field} of {key} exists", (client, token) => client.HExistsAsync(key, field, token));

    /// <summary>The hash does not have the field (HEXISTS).</summary>
    /// <param name="key">The hash.</param>
    /// <param name="field">The field.</param>
    /// <returns>The condition.</returns>
    public static Condition HashNotExists(RedisKey key, RedisValue field) =>
        new(key, $"field {field} of {key} does not exist", (client, token) => Test(client.HExistsAsync(key, field, token), exists => !exists));

    /// <summary>The list has exactly <paramref name="length"/> elements (LLEN; an absent key has 0).</summary>
    /// <param name="key">The list.</param>
    /// <param name="length">The expected length.</param>
    /// <returns>The condition.</returns>
    public static Condition ListLengthEqual(RedisKey key, long length) =>
        new(key, $"{key} has {length} elements", (client, token) => Test(client.LLenAsync(key, token), actual => actual == length));

    /// <summary>The member of the sorted set has exactly <paramref name="score"/> (ZSCORE; an absent member never matches).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="score">The expected score.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetScoreEqual(RedisKey key, RedisValue member, double score) =>
        new(key, $"member {member} of {key} has score {score}", (client, token) => Test(client.ZScoreAsync(key, member, token), actual => actual == score));

    /// <summary>The string at the key differs from <paramref name="value"/> (GET); a null value means the key must exist.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value it must not hold.</param>
    /// <returns>The condition.</returns>
    public static Condition StringNotEqual(RedisKey key, RedisValue value) =>
        new(key, $"{key} differs from the given value", (client, token) => Test(client.GetAsync(key, token), actual => actual != value));

    /// <summary>The hash field differs from <paramref name="value"/> (HGET); a null value means the field must exist.</summary>
    /// <param name="key">The hash.</param>
    /// <param name="field">The field.</param>
    /// <param name="value">The value it must not hold.</param>
    /// <returns>The condition.</returns>
    public static Condition HashNotEqual(RedisKey key, RedisValue field, RedisValue value) =>
        new(key, $"field {field} of {key} differs from the given value", (client, token) => Test(client.HGetAsync(key, field, token), actual => actual != value));

    /// <summary>The list has an element at <paramref name="index"/> (LINDEX; negative indexes count from the tail).</summary>
    /// <param name="key">The list.</param>
    /// <param name="index">The index.</param>
    /// <returns>The condition.</returns>
    public static Condition ListIndexExists(RedisKey key, long index) =>
        new(key, $"{key} has an element at {index}", (client, token) => Test(client.LIndexAsync(key, index, token), actual => !actual.IsNull));

    /// <summary>The list has no element at <paramref name="index"/> (LINDEX; an absent key has none).</summary>
    /// <param name="key">The list.</param>
    /// <param name="index">The index.</param>
    /// <returns>The condition.</returns>
    public static Condition ListIndexNotExists(RedisKey key, long index) =>
        new(key, $"{key} has no element at {index}", (client, token) => Test(client.LIndexAsync(key, index, token), actual => actual.IsNull));

    /// <summary>The list's element at <paramref name="index"/> equals <paramref name="value"/> (LINDEX; a null value means there is none).</summary>
    /// <param name="key">The list.</param>
    /// <param name="index">The index.</param>
    /// <param name="value">The expected element.</param>
    /// <returns>The condition.</returns>
    public static Condition ListIndexEqual(RedisKey key, long index, RedisValue value) =>
        new(key, $"element {index} of {key} equals the given value", (client, token) => Test(client.LIndexAsync(key, index, token), actual => actual == value));

    /// <summary>The list's element at <paramref name="index"/> differs from <paramref name="value"/> (LINDEX; a null value means there must be one).</summary>
    /// <param name="key">The list.</param>
    /// <param name="index">The index.</param>
    /// <param name="value">The element it must not be.</param>
    /// <returns>The condition.</returns>
    public static Condition ListIndexNotEqual(RedisKey key, long index, RedisValue value) =>
        new(key, $"element {index} of {key} differs from the given value", (client, token) => Test(client.LIndexAsync(key, index, token), actual => actual != value));

    /// <summary>The set has <paramref name="member"/> (SISMEMBER).</summary>
    /// <param name="key">The set.</param>
    /// <param name="member">The member.</param>
    /// <returns>The condition.</returns>
    public static Condition SetContains(RedisKey key, RedisValue member) =>
        new(key, $"{key} has the given member", (client, token) => client.SIsMemberAsync(key, member, token));

    /// <summary>The set does not have <paramref name="member"/> (SISMEMBER).</summary>
    /// <param name="key">The set.</param>
    /// <param name="member">The member.</param>
    /// <returns>The condition.</returns>
    public static Condition SetNotContains(RedisKey key, RedisValue member) =>
        new(key, $"{key} lacks the given member", (client, token) => Test(client.SIsMemberAsync(key, member, token), contains => !contains));

    /// <summary>The sorted set has <paramref name="member"/> (ZSCORE).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetContains(RedisKey key, RedisValue member) =>
        new(key, $"{key} has the given member", (client, token) => Test(client.ZScoreAsync(key, member, token), score => score is not null));

    /// <summary>The sorted set does not have <paramref name="member"/> (ZSCORE).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetNotContains(RedisKey key, RedisValue member) =>
        new(key, $"{key} lacks the given member", (client, token) => Test(client.ZScoreAsync(key, member, token), score => score is null));

    /// <summary>The member's score differs from <paramref name="score"/> (ZSCORE; an absent member differs from every score).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="member">The member.</param>
    /// <param name="score">The score it must not have.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetScoreNotEqual(RedisKey key, RedisValue member, double score) =>
        new(key, $"member {member} of {key} does not have score {score}", (client, token) => Test(client.ZScoreAsync(key, member, token), actual => actual != score));

    /// <summary>
    /// Some member of the sorted set starts with <paramref name="prefix"/> (ZRANGE BYLEX from the prefix, one
    /// member). Lexicographic ranges need members that share one score, as Redis requires for them.
    /// </summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="prefix">The prefix (not null; empty matches any member).</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetContainsStarting(RedisKey key, RedisValue prefix)
    {
        var wanted = (byte[]?)prefix ?? throw new ArgumentException("A prefix condition needs a prefix (it is null).", nameof(prefix));
        return new(key, $"{key} has a member starting with the given prefix", (client, token) => StartsWithAsync(client, key, wanted, token));
    }

    /// <summary>
    /// Some member of the sorted set has exactly <paramref name="score"/> (ZCOUNT over that one score).
    /// </summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="score">The score.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetScoreExists(RedisKey key, double score) =>
        new(key, $"{key} has a member with score {score}", (client, token) => Test(ScoreCount(client, key, score, token), count => count > 0));

    /// <summary>No member of the sorted set has <paramref name="score"/> (ZCOUNT over that one score).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="score">The score.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetScoreNotExists(RedisKey key, double score) =>
        new(key, $"{key} has no member with score {score}", (client, token) => Test(ScoreCount(client, key, score, token), count => count == 0));

    /// <summary>Exactly <paramref name="count"/> members of the sorted set have <paramref name="score"/> (ZCOUNT over that one score).</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="score">The score.</param>
    /// <param name="count">The expected number of members with it.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetScoreCountEqual(RedisKey key, double score, long count) =>
        new(key, $"{key} has {count} members with score {score}", (client, token) => Test(ScoreCount(client, key, score, token), actual => actual == count));

    /// <summary>Compares the string's length (STRLEN; an absent key has 0) with <paramref name="length"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="comparison">How the length must compare with <paramref name="length"/>.</param>
    /// <param name="length">The length to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition StringLength(RedisKey key, LengthComparison comparison, long length) =>
        Length(key, "the string at", comparison, length, static (client, key, token) => client.StrLenAsync(key, token));

    /// <summary>Compares the hash's number of fields (HLEN; an absent key has 0) with <paramref name="length"/>.</summary>
    /// <param name="key">The hash.</param>
    /// <param name="comparison">How the count must compare with <paramref name="length"/>.</param>
    /// <param name="length">The count to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition HashLength(RedisKey key, LengthComparison comparison, long length) =>
        Length(key, "the hash at", comparison, length, static (client, key, token) => client.HLenAsync(key, token));

    /// <summary>Compares the list's length (LLEN; an absent key has 0) with <paramref name="length"/>.</summary>
    /// <param name="key">The list.</param>
    /// <param name="comparison">How the length must compare with <paramref name="length"/>.</param>
    /// <param name="length">The length to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition ListLength(RedisKey key, LengthComparison comparison, long length) =>
        Length(key, "the list at", comparison, length, static (client, key, token) => client.LLenAsync(key, token));

    /// <summary>Compares the set's cardinality (SCARD; an absent key has 0) with <paramref name="length"/>.</summary>
    /// <param name="key">The set.</param>
    /// <param name="comparison">How the cardinality must compare with <paramref name="length"/>.</param>
    /// <param name="length">The cardinality to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition SetLength(RedisKey key, LengthComparison comparison, long length) =>
        Length(key, "the set at", comparison, length, static (client, key, token) => client.SCardAsync(key, token));

    /// <summary>Compares the sorted set's cardinality (ZCARD; an absent key has 0) with <paramref name="length"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="comparison">How the cardinality must compare with <paramref name="length"/>.</param>
    /// <param name="length">The cardinality to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetLength(RedisKey key, LengthComparison comparison, long length) =>
        Length(key, "the sorted set at", comparison, length, static (client, key, token) => client.ZCardAsync(key, token));

    /// <summary>Compares the number of the sorted set's members with scores in [<paramref name="min"/>, <paramref name="max"/>] (ZCOUNT) with <paramref name="length"/>.</summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="min">The lowest score counted.</param>
    /// <param name="max">The highest score counted.</param>
    /// <param name="comparison">How the count must compare with <paramref name="length"/>.</param>
    /// <param name="length">The count to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition SortedSetLength(RedisKey key, ScoreBound min, ScoreBound max, LengthComparison comparison, long length) =>
        Length(key, $"the scores {min}..{max} of", comparison, length, (client, key, token) => client.ZCountAsync(key, min, max, token));

    /// <summary>Compares the stream's number of entries (XLEN; an absent key has 0) with <paramref name="length"/>.</summary>
    /// <param name="key">The stream.</param>
    /// <param name="comparison">How the count must compare with <paramref name="length"/>.</param>
    /// <param name="length">The count to compare with.</param>
    /// <returns>The condition.</returns>
    public static Condition StreamLength(RedisKey key, LengthComparison comparison, long length) =>
        Length(key, "the stream at", comparison, length, static (client, key, token) => client.XLenAsync(key, token));

    /// <summary>Describes the condition (key names, never values).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _description;

    /// <summary>Reads the condition's value on <paramref name="client"/> (a watched connection's view).</summary>
    internal ValueTask<bool> CheckAsync(RedisInteractiveCommands client, CancellationToken cancellationToken) => _check(client, cancellationToken);

    private static async ValueTask<bool> Test<T>(ValueTask<T> reply, Func<T, bool> test) =>
        test(await reply.ConfigureAwait(false));

    private static Condition Length(
        RedisKey key, string what, LengthComparison comparison, long length, Func<RedisInteractiveCommands, RedisKey, CancellationToken, ValueTask<long>> read)
    {
        var test = comparison switch
        {
            LengthComparison.Equal => (Func<long, bool>)(actual => actual == length),
            LengthComparison.LessThan => actual => actual < length,
            LengthComparison.GreaterThan => actual => actual > length,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "A length comparison is Equal, LessThan or GreaterThan."),
        };
        var words = comparison switch
        {
            LengthComparison.Equal => "is",
            LengthComparison.LessThan => "is less than",
            _ => "is greater than",
        };
        return new(key, $"the length of {what} {key} {words} {length}", (client, token) => Test(read(client, key, token), test));
    }

    private static ValueTask<long> ScoreCount(RedisInteractiveCommands client, RedisKey key, double score, CancellationToken token) =>
        client.ZCountAsync(key, ScoreBound.Inclusive(score), ScoreBound.Inclusive(score), token);

    private static async ValueTask<bool> StartsWithAsync(RedisInteractiveCommands client, RedisKey key, byte[] wanted, CancellationToken token)
    {
        var first = await client.ZRangeByLexAsync(key, LexBound.Inclusive(wanted), LexBound.Max, 0, 1, token).ConfigureAwait(false);
        return first.Length == 1 && ((byte[]?)first[0] ?? []).AsSpan().StartsWith(wanted);
    }
}
