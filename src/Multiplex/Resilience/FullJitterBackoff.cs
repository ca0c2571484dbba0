using Multiplex.Resilience;

namespace Multiplex;

/// <summary>
/// Full jitter: before attempt <c>n</c> a delay drawn uniformly from zero to
/// <c>min(maxDelay, baseDelay × 2^(n-1))</c>. Spreads the attempts of many callers the most; the
/// expected delay is half the exponential one.
/// </summary>
public sealed class FullJitterBackoff : JitteredExponentialBackoff
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="baseDelay">Upper bound of the first delay; zero or more.</param>
    /// <param name="maxDelay">Largest delay ever returned; at least <paramref name="baseDelay"/>.</param>
    /// <param name="random">
    /// Source of randomness, for tests; default <see cref="Random.Shared"/>. A supplied instance is used
    /// under a lock, because <see cref="Random"/> is not thread-safe.
    /// </param>
    public FullJitterBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
        : base(baseDelay, maxDelay, random)
    {
    }

    /// <inheritdoc />
    private protected override double Draw(double exponentialTicks, long capTicks, BackoffRandom random) =>
        random.Between(0, BackoffMath.Cap(exponentialTicks, capTicks));
}
