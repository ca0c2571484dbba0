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

    /// <summary>Describes the condition (key names, never values).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _description;

    /// <summary>Reads the condition's value on <paramref name="client"/> (a watched connection's view).</summary>
    internal ValueTask<bool> CheckAsync(RedisInteractiveCommands client, CancellationToken cancellationToken) => _check(client, cancellationToken);

    private static async ValueTask<bool> Test<T>(ValueTask<T> reply, Func<T, bool> test) =>
        test(await reply.ConfigureAwait(false));
}
