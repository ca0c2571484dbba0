namespace Multiplex;

/// <summary>
/// When a <see cref="RedisTokenManager"/> asks for a new token and how it retries (redis-py's
/// <c>TokenManagerConfig</c> and <c>RetryPolicy</c>).
/// </summary>
public sealed record TokenManagerOptions
{
    /// <summary>
    /// The fraction of a token's lifetime (from <see cref="RedisToken.ReceivedAt"/> to
    /// <see cref="RedisToken.ExpiresAt"/>) after which a new one is asked for; default 0.8. Greater than 0, at most 1.
    /// </summary>
    public double ExpirationRefreshRatio { get; init; } = 0.8;

    /// <summary>
    /// A new token is asked for at least this long before the current one expires, whatever the ratio
    /// says; default zero.
    /// </summary>
    public TimeSpan LowerRefreshBound { get; init; }

    /// <summary>How many times one refresh asks before it gives up and raises <see cref="RedisTokenManager.RefreshFailed"/>; default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// The delay before each retry of a refresh (the attempt number starts at 1 after the first failure);
    /// default exponential from 100 ms to 10 s. After a refresh gives up, the next one starts after the
    /// delay of its last attempt, so the manager keeps trying while the current token lasts.
    /// </summary>
    public IBackoffStrategy RetryBackoff { get; init; } = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

    /// <summary>How long one request for a token may take before it counts as failed; default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting out of range.</summary>
    public void Validate()
    {
        if (!(ExpirationRefreshRatio > 0 && ExpirationRefreshRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ExpirationRefreshRatio), ExpirationRefreshRatio, "ExpirationRefreshRatio is a fraction of the token's lifetime: greater than 0, at most 1.");
        }

        if (LowerRefreshBound < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LowerRefreshBound), LowerRefreshBound, "LowerRefreshBound must be zero or more.");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be 1 or more.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be more than zero.");
        }

        ArgumentNullException.ThrowIfNull(RetryBackoff);
    }
}
