namespace Multiplex;

/// <summary>How <see cref="RedisClient.TransactAsync"/> retries when a watched key changes.</summary>
public sealed record TransactionOptions
{
    /// <summary>The defaults.</summary>
    public static TransactionOptions Default { get; } = new();

    /// <summary>
    /// How many times the body runs (the first try included) before a <see cref="WatchException"/>
    /// is thrown. Default 10; <see cref="int.MaxValue"/> retries until the transaction commits (or is
    /// cancelled).
    /// </summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>
    /// The wait before each retry (attempt 1 is the wait after the first conflict). Default:
    /// exponential from 1 ms, doubling, up to 100 ms, with ±50 % jitter so that contending callers
    /// spread out.
    /// </summary>
    public IBackoffStrategy RetryBackoff { get; init; } = new ExponentialBackoff(
        TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(100), multiplier: 2.0, jitter: 0.5);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"TransactionOptions.MaxAttempts must be at least 1 (was {MaxAttempts}).", nameof(MaxAttempts));
        }

        if (RetryBackoff is null)
        {
            throw new ArgumentException("TransactionOptions.RetryBackoff is required.", nameof(RetryBackoff));
        }
    }
}
