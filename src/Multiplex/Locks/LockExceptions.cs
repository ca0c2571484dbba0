namespace Multiplex;

/// <summary>The root of the exceptions a distributed lock (<see cref="RedisLock"/>) throws.</summary>
public class RedisLockException : RedisException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    public RedisLockException(string message)
        : base(message)
    {
    }

    /// <summary>The lock's name (its key).</summary>
    public string? LockName { get; init; }
}

/// <summary>The lock is no longer held by this handle (its lease expired, or another holder took it): release, extend and reacquire refuse.</summary>
public sealed class LockNotOwnedException : RedisLockException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    public LockNotOwnedException(string message)
        : base(message)
    {
    }
}

/// <summary>The lock stayed held by someone else for all of <see cref="LockOptions.WaitTime"/>.</summary>
public sealed class LockTimeoutException : RedisLockException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    public LockTimeoutException(string message)
        : base(message)
    {
    }
}
