using Multiplex.Resilience;

namespace Multiplex;

/// <summary>
/// Equal jitter: before attempt <c>n</c>, with <c>half = min(maxDelay, baseDelay × 2^(n-1)) / 2</c>, a
/// delay drawn uniformly from <c>half</c> to <c>2 × half</c>. Keeps at least half of the exponential
/// delay and randomizes the rest.
/// </summary>
public sealed class EqualJitterBackoff : JitteredExponentialBackoff
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="baseDelay">Upper bound of the first delay (the first is at least half of it); zero or more.</param>
    /// <param name="maxDelay">Largest delay ever returned; at least <paramref name="baseDelay"/>.</param>
    /// <param name="random">
    /// Source of randomness, for tests; default <see cref="Random.Shared"/>. A supplied instance is used
    /// under a lock, because <see cref="Random"/> is not thread-safe.
    /// </param>
    public EqualJitterBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
        : base(baseDelay, maxDelay, random)
    {
    }

    /// <inheritdoc />
    private protected override double Draw(double exponentialTicks, long capTicks, BackoffRandom random)
    {
        var half = BackoffMath.Cap(exponentialTicks, capTicks) / 2;
        return random.Between(half, 2 * half);
    }
}
