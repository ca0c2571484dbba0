namespace Multiplex;

/// <summary>No wait: every attempt is made at once (redis-py's <c>NoBackoff</c>).</summary>
public sealed class NoBackoff : IBackoffStrategy
{
    /// <summary>The one instance (the strategy has no settings).</summary>
    public static NoBackoff Instance { get; } = new();

    private NoBackoff()
    {
    }

    /// <inheritdoc />
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1, nameof(attempt));
        return TimeSpan.Zero;
    }
}
