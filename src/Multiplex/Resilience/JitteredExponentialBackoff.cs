using Multiplex.Resilience;

namespace Multiplex;

/// <summary>
/// The exponential backoffs with a random draw (<see cref="FullJitterBackoff"/>,
/// <see cref="EqualJitterBackoff"/>, <see cref="ExponentialWithJitterBackoff"/>): the delay before attempt
/// <c>n</c> is drawn around <c>baseDelay × 2^(n-1)</c>, each its own way, and never exceeds
/// <see cref="MaxDelay"/>. Thread-safe; without state between attempts.
/// </summary>
public abstract class JitteredExponentialBackoff : IBackoffStrategy
{
    private readonly BackoffRandom _random;

    private protected JitteredExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random)
    {
        BackoffMath.Validate(baseDelay, maxDelay, nameof(baseDelay), nameof(maxDelay));
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = new BackoffRandom(random);
    }

    /// <summary>The exponential delay's first step: before attempt 1 it is this, then it doubles.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Largest delay ever returned.</summary>
    public TimeSpan MaxDelay { get; }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt)
    {
        BackoffMath.ValidateAttempt(attempt);
        return BackoffMath.ToDelay(Draw(BackoffMath.Grown(BaseDelay.Ticks, 2.0, attempt), MaxDelay.Ticks, _random), MaxDelay.Ticks);
    }

    /// <summary>
    /// The delay in ticks, from the uncapped exponential delay <paramref name="exponentialTicks"/> (infinite
    /// for huge attempts) and the cap; the result is capped again by the caller.
    /// </summary>
    private protected abstract double Draw(double exponentialTicks, long capTicks, BackoffRandom random);
}
