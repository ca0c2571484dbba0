namespace Multiplex;

/// <summary>
/// Exponential backoff with jitter: before attempt <c>n</c> the nominal delay is
/// <c>initialDelay × multiplier^(n-1)</c>, capped at <c>maxDelay</c>; the jitter then moves it by up
/// to ±<c>jitter</c> of itself, and the result is capped at <c>maxDelay</c> again, so no delay ever
/// exceeds it. Jitter keeps many clients that lost the same server from reconnecting in lockstep.
/// </summary>
public sealed class ExponentialBackoff : IBackoffStrategy
{
    private readonly Random _random;
    private readonly Lock? _randomLock;

    /// <summary>Creates the strategy.</summary>
    /// <param name="initialDelay">Nominal delay before the first attempt; zero or more.</param>
    /// <param name="maxDelay">Largest delay ever returned; at least <paramref name="initialDelay"/>.</param>
    /// <param name="multiplier">Growth factor per attempt; finite and at least 1.</param>
    /// <param name="jitter">Relative jitter, from 0 (none) to 1 (±100 %).</param>
    /// <param name="random">
    /// Source of randomness, for tests; default <see cref="Random.Shared"/>. A supplied instance is
    /// used under a lock, because <see cref="Random"/> is not thread-safe.
    /// </param>
    public ExponentialBackoff(TimeSpan initialDelay, TimeSpan maxDelay, double multiplier = 2.0, double jitter = 0.2, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero, nameof(initialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay, nameof(maxDelay));
        if (!double.IsFinite(multiplier) || multiplier < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The multiplier must be a finite number of at least 1.");
        }

        if (!double.IsFinite(jitter) || jitter < 0.0 || jitter > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter must be between 0 and 1.");
        }

        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        Multiplier = multiplier;
        Jitter = jitter;
        _random = random ?? Random.Shared;
        _randomLock = random is null ? null : new Lock();
    }

    /// <summary>Nominal delay before the first attempt.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Largest delay ever returned.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Growth factor per attempt.</summary>
    public double Multiplier { get; }

    /// <summary>Relative jitter (0.2 = ±20 %).</summary>
    public double Jitter { get; }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1, nameof(attempt));
        double nominal = NominalTicks(attempt);
        double factor = 1.0 + (Jitter * ((2.0 * NextDouble()) - 1.0));
        return TimeSpan.FromTicks(CapTicks(nominal * factor));
    }

    /// <summary>The delay before jitter, in ticks, already capped at <see cref="MaxDelay"/>.</summary>
    internal double NominalTicks(int attempt)
    {
        // Math.Pow overflows to infinity for large attempts, which the cap absorbs; computing in
        // double keeps attempt 10,000 from wrapping a long to a negative delay.
        double ticks = InitialDelay.Ticks * Math.Pow(Multiplier, attempt - 1);
        return double.IsNaN(ticks) || ticks >= MaxDelay.Ticks ? MaxDelay.Ticks : ticks;
    }

    private long CapTicks(double ticks)
    {
        // Compare in double before converting: (long)(double)long.MaxValue is undefined.
        if (double.IsNaN(ticks) || ticks >= MaxDelay.Ticks)
        {
            return MaxDelay.Ticks;
        }

        return ticks <= 0 ? 0 : (long)ticks;
    }

    private double NextDouble()
    {
        if (_randomLock is null)
        {
            return _random.NextDouble();
        }

        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }
}
