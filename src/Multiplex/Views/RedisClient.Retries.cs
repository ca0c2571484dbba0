using Multiplex.Resilience;

namespace Multiplex;

/// <summary>Retry views: the client's connections, with another retry mode for the view's commands.</summary>
public sealed partial class RedisClient
{
    // Sends this client's commands again when their connection fails; null when retries are off
    // (RetryOptions.MaxAttempts is 0). Shared by the views of this client's connections.
    private readonly CommandRetrier? _retrier;

    // Which failures of this client's (or view's) commands are retried.
    private readonly RetryMode _retryMode;

    /// <summary>
    /// Which commands of this client (or view) are sent again after their connection was lost:
    /// <see cref="RetryOptions.Mode"/> of the client's options, or what <see cref="WithRetryMode"/> chose.
    /// </summary>
    public RetryMode RetryMode => _retryMode;

    /// <summary>
    /// A view of this client whose commands are retried by <paramref name="mode"/> instead of
    /// <see cref="RetryOptions.Mode"/>: <see cref="RetryMode.Always"/> opts the view's commands in to being sent
    /// again even when they may have run (an INCR whose reply was lost may then count twice),
    /// <see cref="RetryMode.Never"/> opts them out. Everything else (the number of attempts, the backoff,
    /// the command's timeout and cancellation) stays as <see cref="RedisClientOptions.Retry"/> says; with
    /// <see cref="RetryOptions.MaxAttempts"/> 0 nothing is retried whatever the mode.
    /// </summary>
    /// <remarks>
    /// The view shares this client's connections and key prefix; making one opens no socket and
    /// allocates a few small objects, so keep it rather than make one per call. Batches, transactions,
    /// blocking commands and sessions made from it are not retried, as on the client. Disposing the view
    /// does nothing.
    /// </remarks>
    /// <param name="mode">Which of the view's commands are retried.</param>
    /// <returns>The view; this client itself when <paramref name="mode"/> is its own.</returns>
    /// <example>
    /// <code>
    /// var retried = client.WithRetryMode(RetryMode.Always);
    /// await retried.IncrAsync("page:views", ct);   // sent again after a lost connection, even if it may have run
    /// </code>
    /// </example>
    public RedisClient WithRetryMode(RetryMode mode)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a RetryMode.");
        }

        return mode == _retryMode ? this : new RedisClient(_connections, Prefixer, _owner ?? this, mode, ReadsFromCache);
    }
}
