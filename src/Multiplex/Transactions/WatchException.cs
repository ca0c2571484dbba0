namespace Multiplex;

/// <summary>
/// <see cref="RedisClient.TransactAsync"/> gave up: a watched key was changed between WATCH and EXEC
/// on every one of <see cref="Attempts"/> attempts, so the transaction never ran.
/// Retrying later may succeed.
/// </summary>
public sealed class WatchException : RedisException
{
    // Keys named in the message at most; the full list is in Keys.
    private const int KeysInMessage = 5;

    /// <summary>Creates the exception.</summary>
    /// <param name="keys">The watched keys.</param>
    /// <param name="attempts">How many attempts were made.</param>
    /// <param name="endpoint">The server.</param>
    public WatchException(IReadOnlyList<RedisKey> keys, int attempts, string? endpoint)
        : base(FormatMessage(keys, attempts, endpoint))
    {
        Keys = keys;
        Attempts = attempts;
        Endpoint = endpoint;
        Command = "EXEC";
    }

    /// <summary>The watched keys.</summary>
    public IReadOnlyList<RedisKey> Keys { get; }

    /// <summary>How many attempts were made, each discarded by a conflict.</summary>
    public int Attempts { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;

    private static string FormatMessage(IReadOnlyList<RedisKey> keys, int attempts, string? endpoint)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var named = string.Join(", ", keys.Take(KeysInMessage).Select(key => key.ToString()));
        var more = keys.Count > KeysInMessage ? $" and {keys.Count - KeysInMessage} more" : string.Empty;
        return $"The transaction did not commit after {attempts} attempts: each time a watched key ({named}{more}) was changed between WATCH and EXEC (by another client, or by a write the body sent through its Client); server {endpoint ?? "(unknown)"}.";
    }
}
