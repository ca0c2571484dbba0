namespace Multiplex;

/// <summary>Waits the same delay before every attempt (redis-py's <c>ConstantBackoff</c>).</summary>
public sealed class ConstantBackoff : IBackoffStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="delay">The delay before every attempt; zero or more.</param>
    public ConstantBackoff(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(delay));
        Delay = delay;
    }

    /// <summary>The delay before every attempt.</summary>
    public TimeSpan Delay { get; }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1, nameof(attempt));
        return Delay;
    }
}
