namespace Multiplex;

/// <summary>
/// Decides how long to wait before the next attempt: a reconnect, a command's retry, a token refresh.
/// One instance serves many connections and commands at once, so implementations must be thread-safe;
/// state that belongs to one sequence of attempts (the previous delay of a decorrelated jitter) is
/// passed in by that sequence's owner rather than kept in the strategy.
/// </summary>
public interface IBackoffStrategy
{
    /// <summary>The delay before the given attempt.</summary>
    /// <param name="attempt">The attempt about to be made, starting at 1 after the first failure.</param>
    /// <returns>A delay of zero or more; never negative.</returns>
    public TimeSpan GetDelay(int attempt);

    /// <summary>
    /// The delay before the given attempt of a sequence whose previous delay is known. Strategies whose
    /// delay depends on the one before (<see cref="DecorrelatedJitterBackoff"/>) use it; attempt 1 starts
    /// a new sequence and ignores it. By default the same as <see cref="GetDelay(int)"/>.
    /// </summary>
    /// <param name="attempt">The attempt about to be made, starting at 1 after the first failure.</param>
    /// <param name="previousDelay">The delay this sequence waited before its previous attempt; zero for none.</param>
    /// <returns>A delay of zero or more; never negative.</returns>
    public TimeSpan GetDelay(int attempt, TimeSpan previousDelay) => GetDelay(attempt);
}
