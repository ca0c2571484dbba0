namespace Multiplex;

/// <summary>
/// Which commands of a client (or of a view made with <see cref="RedisClient.WithRetryMode"/>) are sent
/// again after their connection was lost. Whatever the mode, a command is retried only within its
/// timeout, while its caller waits, and at most <see cref="RetryOptions.MaxAttempts"/> times.
/// </summary>
public enum RetryMode
{
    /// <summary>
    /// A command that was not sent is sent again; one that may have run is sent again only when running
    /// it twice does no harm: the server flags it <c>readonly</c>, or <see cref="RetryOptions.IdempotentCommands"/>
    /// names it. The default.
    /// </summary>
    IdempotentOnly = 0,

    /// <summary>
    /// Every command is sent again, including one that may have run: a non-idempotent command (INCR,
    /// LPUSH) may then run twice. For commands the caller knows to be safe to repeat.
    /// </summary>
    Always = 1,

    /// <summary>No command is sent again after its connection was lost: its caller sees the error.</summary>
    Never = 2,
}
