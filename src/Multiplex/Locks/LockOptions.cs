namespace Multiplex;

/// <summary>
/// How <see cref="RedisClient.AcquireLockAsync"/> takes a lock: redis-py's lock settings (lease time,
/// blocking, how long to wait, retry interval) plus lease renewal.
/// </summary>
public sealed record LockOptions
{
    /// <summary>How long the lock is held before it expires on its own unless extended (redis-py's <c>timeout</c>); default 30 s.</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long <see cref="RedisClient.AcquireLockAsync"/> waits for a held lock (redis-py's
    /// <c>blocking_timeout</c>); null (default) waits until the caller's token is cancelled, zero does
    /// not wait (redis-py's <c>blocking=False</c>).
    /// </summary>
    public TimeSpan? WaitTime { get; init; }

    /// <summary>
    /// How often a waiter tries again when it has heard nothing (redis-py's <c>sleep</c>); default 1 s. A
    /// waiter is woken by a notification the moment the lock is released, so this is only the fallback
    /// for a notification lost with a connection or a lock that expired.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the lease is renewed while the handle is alive: every third of <see cref="LeaseTime"/> the
    /// lease is set back to the full time, until the handle is disposed or the lock is lost. A renewal that
    /// fails (a connection down, a failover under way) is tried again every 200 ms until the lease runs
    /// out. Default false.
    /// </summary>
    public bool AutoRenew { get; init; }

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> naming the one out of range.</summary>
    internal void Validate()
    {
        if (LeaseTime < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseTime), LeaseTime, "A lock's lease time is at least 1 ms.");
        }

        if (WaitTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WaitTime), WaitTime, "The wait time is not negative (zero does not wait, null waits until cancelled).");
        }

        if (RetryInterval < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, "The retry interval is at least 1 ms.");
        }
    }
}
