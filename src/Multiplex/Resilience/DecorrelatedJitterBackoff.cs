using Multiplex.Resilience;

namespace Multiplex;

/// <summary>
/// Decorrelated jitter: each delay is drawn uniformly from <c>baseDelay</c> to three times the previous
/// delay of the same sequence (at least <c>baseDelay</c>), capped at <c>maxDelay</c>. Attempt 1 starts a
/// sequence: it is drawn as if the previous delay were <c>baseDelay</c>.
/// </summary>
/// <remarks>
/// The previous delay is state of one sequence of attempts (one command's retries, one connection's
/// reconnects), not of the strategy: the owner of the sequence passes it to
/// <see cref="GetDelay(int, TimeSpan)"/>, so one instance serves any number of sequences at once without
/// locking, and a new sequence never inherits another's growth. <see cref="GetDelay(int)"/>, called
/// without it, stands the sequence's largest possible previous delay in for it
/// (<c>min(maxDelay, baseDelay × 3^(n-2))</c>), so the delays still grow with the attempt.
/// </remarks>
public sealed class DecorrelatedJitterBackoff : IBackoffStrategy
{
    // Each delay may be up to this many times the one before (the AWS architecture blog's "decorrelated
    // jitter", which redis-py implements too).
    private const double Growth = 3.0;

    private readonly BackoffRandom _random;

    /// <summary>Creates the strategy.</summary>
    /// <param name="baseDelay">Smallest delay, and the previous delay a new sequence starts from; zero or more.</param>
    /// <param name="maxDelay">Largest delay ever returned; at least <paramref name="baseDelay"/>.</param>
    /// <param name="random">
    /// Source of randomness, for tests; default <see cref="Random.Shared"/>. A supplied instance is used
    /// under a lock, because <see cref="Random"/> is not thread-safe.
    /// </param>
    public DecorrelatedJitterBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
    {
        BackoffMath.Validate(baseDelay, maxDelay, nameof(baseDelay), nameof(maxDelay));
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = new BackoffRandom(random);
    }

    /// <summary>Smallest delay, and the previous delay a new sequence starts from.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Largest delay ever returned.</summary>
    public TimeSpan MaxDelay { get; }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt)
    {
        BackoffMath.ValidateAttempt(attempt);
        var previous = attempt == 1 ? BaseDelay.Ticks : BackoffMath.Cap(BackoffMath.Grown(BaseDelay.Ticks, Growth, attempt - 1), MaxDelay.Ticks);
        return Next(previous);
    }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt, TimeSpan previousDelay)
    {
        BackoffMath.ValidateAttempt(attempt);
        return Next(attempt == 1 ? BaseDelay.Ticks : Math.Max(previousDelay.Ticks, BaseDelay.Ticks));
    }

    private TimeSpan Next(double previousTicks)
    {
        var upper = Math.Max(BaseDelay.Ticks, BackoffMath.Cap(previousTicks * Growth, MaxDelay.Ticks));
        return BackoffMath.ToDelay(_random.Between(BaseDelay.Ticks, upper), MaxDelay.Ticks);
    }
}
