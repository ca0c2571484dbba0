namespace Multiplex;

/// <summary>
/// What the body of <see cref="RedisClient.TransactAsync"/> works with during one attempt: a client
/// whose commands run at once on the connection holding the WATCH (to read the current state), and
/// a transaction view whose commands are queued and run atomically in MULTI/EXEC when the body
/// returns. Valid only during the attempt it was passed to.
/// </summary>
public sealed class RedisWatchContext
{
    internal RedisWatchContext(RedisInteractiveCommands client, RedisCommands transaction, IReadOnlyList<RedisKey> watchedKeys, int attempt)
    {
        Client = client;
        Transaction = transaction;
        WatchedKeys = watchedKeys;
        Attempt = attempt;
    }

    /// <summary>
    /// Commands called here run now, one at a time, on the leased connection that WATCHes
    /// <see cref="WatchedKeys"/> (typically reads). Blocking commands, batches and transactions are not
    /// offered here.
    /// </summary>
    public RedisInteractiveCommands Client { get; }

    /// <summary>
    /// Commands called here are queued and run in MULTI/EXEC after the body returns; their tasks
    /// complete then (as cancelled when a watched key changed and the attempt is retried).
    /// </summary>
    public RedisCommands Transaction { get; }

    /// <summary>The keys WATCHed for this attempt.</summary>
    public IReadOnlyList<RedisKey> WatchedKeys { get; }

    /// <summary>The attempt number, 1 for the first try.</summary>
    public int Attempt { get; }
}
