using System.Collections.Frozen;

namespace Multiplex;

/// <summary>
/// Retries of commands whose connection was lost (<see cref="RedisClientOptions.Retry"/>). A command
/// that failed with a <see cref="RedisConnectionException"/> is sent again, after a backoff, through the
/// client's routing (to whichever node serves it then), as long as its caller still waits (its timeout
/// is not restarted, and a cancelled caller's command is not sent again) and it is safe: a command that
/// was not sent always is; one that may have run only when it is idempotent (see <see cref="RetryMode"/>).
/// </summary>
/// <remarks>
/// Only the client's own commands on its shared connections are retried. Not retried: batches and
/// transactions (a MULTI/EXEC whose EXEC may have run is never sent again), WATCH, blocking commands and
/// dedicated sessions (their connection is leased, and a blocking pop that may have popped would lose
/// the element), subscriptions (they are restored by resubscribing after the reconnect, not retried),
/// and commands sent to several nodes at once (their parts fail as they are).
/// </remarks>
public sealed record RetryOptions
{
    // One instance, so default settings compare equal (records compare a strategy by reference).
    private static readonly IBackoffStrategy DefaultBackoff = new ExponentialWithJitterBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    /// <summary>
    /// The commands retried by default though the server does not flag them <c>readonly</c>: they change
    /// no data (PING, ECHO, TIME, INFO).
    /// </summary>
    public static IReadOnlySet<string> DefaultIdempotentCommands { get; } =
        new[] { "PING", "ECHO", "TIME", "INFO" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The default settings: 3 retries, exponential backoff with jitter from 10 ms up to 1 s.</summary>
    public static RetryOptions Default { get; } = new();

    /// <summary>No retries: every failure reaches its caller.</summary>
    public static RetryOptions None { get; } = new() { MaxAttempts = 0 };

    /// <summary>
    /// How many times one command may be sent again (not counting the first send). Default 3; 0 turns
    /// retries off.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// The delay before each retry. Default <see cref="ExponentialWithJitterBackoff"/> from 10 ms up to 1 s.
    /// A retried command waits for its connection to come back anyway (within its timeout), so the delay
    /// mostly spreads retries out.
    /// </summary>
    public IBackoffStrategy Backoff { get; init; } = DefaultBackoff;

    /// <summary>
    /// Which commands are sent again. Default <see cref="RetryMode.IdempotentOnly"/>; a view made with
    /// <see cref="RedisClient.WithRetryMode"/> overrides it for its own commands.
    /// </summary>
    public RetryMode Mode { get; init; } = RetryMode.IdempotentOnly;

    /// <summary>
    /// Commands (by name, case-insensitive; a subcommand's container name, such as <c>CLIENT</c>, covers all
    /// its subcommands) that may be sent again though they may have run, besides those the server flags
    /// <c>readonly</c>. Default <see cref="DefaultIdempotentCommands"/>. Add a write command only when
    /// repeating it cannot change the outcome as you use it (a plain <c>SET key value</c> can be; INCR
    /// cannot).
    /// </summary>
    public IReadOnlySet<string> IdempotentCommands { get; init; } = DefaultIdempotentCommands;

    /// <summary>Whether any command can be retried under these settings.</summary>
    public bool IsEnabled => MaxAttempts > 0 && Mode != RetryMode.Never;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxAttempts < 0)
        {
            throw new ArgumentException($"Retry.MaxAttempts is {MaxAttempts}; it must be zero or more.", nameof(MaxAttempts));
        }

        if (Backoff is null)
        {
            throw new ArgumentException("Retry.Backoff is null; use NoBackoff.Instance for no delay.", nameof(Backoff));
        }

        if (IdempotentCommands is null)
        {
            throw new ArgumentException("Retry.IdempotentCommands is null; use an empty set for none.", nameof(IdempotentCommands));
        }

        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentException($"Retry.Mode is {Mode}, which is not a RetryMode.", nameof(Mode));
        }
    }
}
