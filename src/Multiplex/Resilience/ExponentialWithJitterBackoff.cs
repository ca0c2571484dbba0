using Multiplex.Resilience;

namespace Multiplex;

/// <summary>
/// Exponential with jitter: before attempt <c>n</c>, <c>min(maxDelay, r × baseDelay × 2^(n-1))</c> with
/// <c>r</c> drawn uniformly from [0, 1). Unlike <see cref="FullJitterBackoff"/>, the draw is scaled before
/// the cap, so once the exponential delay passes the cap most delays are the cap itself. The default
/// backoff of <see cref="RetryOptions"/>.
/// </summary>
public sealed class ExponentialWithJitterBackoff : JitteredExponentialBackoff
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="baseDelay">Upper bound of the first delay; zero or more.</param>
    /// <param name="maxDelay">Largest delay ever returned; at least <paramref name="baseDelay"/>.</param>
    /// <param name="random">
    /// Source of randomness, for tests; default <see cref="Random.Shared"/>. A supplied instance is used
    /// under a lock, because <see cref="Random"/> is not thread-safe.
    /// </param>
    public ExponentialWithJitterBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
        : base(baseDelay, maxDelay, random)
    {
    }

    /// <inheritdoc />
    private protected override double Draw(double exponentialTicks, long capTicks, BackoffRandom random) =>
        random.NextDouble() * exponentialTicks;
}
