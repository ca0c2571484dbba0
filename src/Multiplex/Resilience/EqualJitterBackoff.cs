using Multiplex.Resilience;

namespace Multiplex;

/// <summary>
/// Equal jitter: before attempt <c>n</c>, with <c>half = min(maxDelay, baseDelay × 2^(n-1)) / 2</c>, a
/// delay drawn uniformly from <c>half</c> to <c>2 × half</c>. Keeps at least half of the exponential
/// delay and randomizes the rest.
/// </summary>
public sealed class EqualJitterBackoff : IBackoffStrategy
{
    private readonly BackoffRandom _random;

    /// <summary>Creates the strategy.</summary>
    /// <param name="baseDelay">Upper bound of the first delay (the first is at least half of it); zero or more.</param>
    /// <param name="maxDelay">Largest delay ever returned; at least <paramref name="baseDelay"/>.</param>
    /// <param name="random">
    /// Source of randomness, for tests; default <see cref="Random.Shared"/>. A supplied instance is used
    /// under a lock, because <see cref="Random"/> is not thread-safe.
    /// </param>
    public EqualJitterBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
    {
        BackoffMath.Validate(baseDelay, maxDelay, nameof(baseDelay), nameof(maxDelay));
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = new BackoffRandom(random);
    }

    /// <summary>Upper bound of the first delay.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Largest delay ever returned.</summary>
    public TimeSpan MaxDelay { get; }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt)
    {
        BackoffMath.ValidateAttempt(attempt);
        var half = BackoffMath.Cap(BackoffMath.Grown(BaseDelay.Ticks, 2.0, attempt), MaxDelay.Ticks) / 2;
        return BackoffMath.ToDelay(_random.Between(half, 2 * half), MaxDelay.Ticks);
    }
}
