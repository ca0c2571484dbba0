namespace Multiplex.Resilience;

/// <summary>Arithmetic shared by the backoff strategies, in ticks, safe against overflow.</summary>
internal static class BackoffMath
{
    /// <summary>
    /// <c>baseTicks × factor^(attempt-1)</c>, not capped. <see cref="Math.Pow(double, double)"/> overflows to
    /// infinity for large attempts, which a cap absorbs; computing in double keeps attempt 10,000 from
    /// wrapping a long to a negative delay.
    /// </summary>
    public static double Grown(long baseTicks, double factor, int attempt) => baseTicks * Math.Pow(factor, attempt - 1);

    /// <summary><paramref name="ticks"/> capped at <paramref name="capTicks"/>, NaN counting as the cap.</summary>
    public static double Cap(double ticks, long capTicks) => double.IsNaN(ticks) || ticks >= capTicks ? capTicks : ticks;

    /// <summary>Ticks as a delay between zero and <paramref name="capTicks"/>.</summary>
    public static TimeSpan ToDelay(double ticks, long capTicks)
    {
        // Compare in double before converting: (long)(double)long.MaxValue is undefined.
        if (double.IsNaN(ticks) || ticks >= capTicks)
        {
            return TimeSpan.FromTicks(capTicks);
        }

        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Checks a base delay and a cap the way every strategy does.</summary>
    public static void Validate(TimeSpan baseDelay, TimeSpan maxDelay, string baseName, string maxName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero, baseName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay, maxName);
    }

    /// <summary>Checks the attempt number.</summary>
    public static void ValidateAttempt(int attempt) => ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1, nameof(attempt));
}
