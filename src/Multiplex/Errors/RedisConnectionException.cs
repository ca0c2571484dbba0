namespace Multiplex;

/// <summary>
/// The connection to a server failed, or a command could not be completed because it did. The
/// <see cref="Outcome"/> says whether the command may have run.
/// </summary>
public class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, with the endpoint.</param>
    /// <param name="outcome">Whether the command may have run.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RedisConnectionException(string message, CommandOutcome outcome = CommandOutcome.NotSent, Exception? innerException = null)
        : base(message, innerException)
    {
        Outcome = outcome;
    }

    /// <summary>Whether the command may have run on the server before the connection failed.</summary>
    public CommandOutcome Outcome { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
