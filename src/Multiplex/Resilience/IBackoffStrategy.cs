namespace Multiplex;

/// <summary>
/// Decides how long to wait before the next reconnect attempt. Implementations are called from the
/// reconnect loops of several connections at once and must be thread-safe.
/// </summary>
public interface IBackoffStrategy
{
    /// <summary>The delay before the given attempt.</summary>
    /// <param name="attempt">The attempt about to be made, starting at 1 after the first failure.</param>
    /// <returns>A delay of zero or more; never negative.</returns>
    public TimeSpan GetDelay(int attempt);
}
