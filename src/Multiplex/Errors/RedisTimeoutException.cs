namespace Multiplex;

/// <summary>A command did not complete within its timeout.</summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out, with the endpoint and command.</param>
    /// <param name="outcome">Whether the command was written before it timed out.</param>
    public RedisTimeoutException(string message, CommandOutcome outcome)
        : base(message)
    {
        Outcome = outcome;
    }

    /// <summary>Creates the exception with the reason the command could not be sent in time.</summary>
    /// <param name="message">What timed out, with the endpoint and command.</param>
    /// <param name="outcome">Whether the command was written before it timed out.</param>
    /// <param name="innerException">Why it could not be sent (the latest failed connect attempt), if known.</param>
    public RedisTimeoutException(string message, CommandOutcome outcome, Exception? innerException)
        : base(message, innerException)
    {
        Outcome = outcome;
    }

    /// <summary>
    /// <see cref="CommandOutcome.NotSent"/> when the command timed out while still queued (it was never
    /// sent); <see cref="CommandOutcome.Unknown"/> when it had been written.
    /// </summary>
    public CommandOutcome Outcome { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
