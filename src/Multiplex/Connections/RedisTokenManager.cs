using System.Runtime.ExceptionServices;

namespace Multiplex;

/// <summary>
/// Keeps a short-lived token (a managed service's identity token used as the password) fresh, with
/// redis-py's <c>TokenManager</c> semantics: the first token is asked for when first needed (connecting
/// waits for it), each next one at <see cref="TokenManagerOptions.ExpirationRefreshRatio"/> of the
/// current one's lifetime (and at least <see cref="TokenManagerOptions.LowerRefreshBound"/> before it
/// expires), with retries and backoff; a refresh that gives up raises <see cref="RefreshFailed"/>, the
/// current token stays in use, and the manager keeps trying. Each new token raises
/// <see cref="RedisCredentialsProvider.CredentialsChanged"/>, so a client using the manager as its
/// <see cref="RedisClientOptions.CredentialsProvider"/> re-authenticates its live connections.
/// </summary>
/// <example>
/// <code>
/// await using var tokens = new RedisTokenManager(async ct =>
/// {
///     var token = await identity.GetTokenAsync(ct); // e.g. Azure.Identity's TokenCredential
///     return new RedisToken(new RedisCredentials(objectId, token.Token), token.ExpiresOn);
/// });
/// await using var client = await RedisClient.ConnectAsync(options with { CredentialsProvider = tokens }, ct);
/// </code>
/// </example>
public sealed class RedisTokenManager : RedisCredentialsProvider, IAsyncDisposable
{
    // However short-lived the tokens, the manager does not ask again sooner than this after a success.
    private static readonly TimeSpan MinimumRefreshDelay = TimeSpan.FromMilliseconds(100);

    private readonly Func<CancellationToken, ValueTask<RedisToken>> _requestToken;
    private readonly TokenManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private (RedisToken Token, DateTimeOffset ReceivedAt)? _current;
    private Task<RedisToken>? _first;
    private Task _refreshing = Task.CompletedTask;
    private long _received;

    /// <summary>Creates a manager that asks <paramref name="requestToken"/> for tokens.</summary>
    /// <param name="requestToken">Gets a new token; its cancellation token ends with <see cref="TokenManagerOptions.RequestTimeout"/> or disposal.</param>
    /// <param name="options">When to refresh and how to retry; null for the defaults.</param>
    /// <param name="timeProvider">The clock and timers; null for the system's.</param>
    public RedisTokenManager(Func<CancellationToken, ValueTask<RedisToken>> requestToken, TokenManagerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(requestToken);
        _options = options ?? new TokenManagerOptions();
        _options.Validate();
        _requestToken = requestToken;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Raised when a refresh gave up after <see cref="TokenManagerOptions.MaxAttempts"/> requests (the
    /// current token stays in use until it expires; the manager tries again). Handlers run on a
    /// thread-pool thread; one that throws does not stop the others or the manager.
    /// </summary>
    public event EventHandler<TokenRefreshFailedEventArgs>? RefreshFailed;

    /// <summary>The token in use; null before the first one arrived.</summary>
    public RedisToken? CurrentToken
    {
        get
        {
            lock (_lock)
            {
                return _current?.Token;
            }
        }
    }

    /// <summary>How many tokens were received.</summary>
    public long TokensReceived => Interlocked.Read(ref _received);

    /// <summary>The current token's credentials; before the first token, asks for it (with retries) and waits.</summary>
    /// <param name="cancellationToken">Stops waiting for the first token (the request goes on for the next caller).</param>
    /// <returns>The credentials of the current token.</returns>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public override async ValueTask<RedisCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        Task<RedisToken> first;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (_current is { } current)
            {
                return current.Token.Credentials;
            }

            // A first request that failed is not reused: the next caller starts another.
            if (_first is null || _first.IsFaulted || _first.IsCanceled)
            {
                _first = Task.Run(RequestFirstAsync);
            }

            first = _first;
        }

        return (await first.WaitAsync(cancellationToken).ConfigureAwait(false)).Credentials;
    }

    /// <summary>Stops refreshing; pending requests are cancelled.</summary>
    /// <returns>A task that completes when the refresh loop has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        Task refreshing;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            refreshing = _refreshing;
        }

        try
        {
            await refreshing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // _stop is not disposed: a first request still running reads its token (a source without timers holds nothing).
    }

    private async Task<RedisToken> RequestFirstAsync()
    {
        var (token, error, attempts) = await RequestWithRetriesAsync().ConfigureAwait(false);
        if (token is null)
        {
            RaiseRefreshFailed(error!, attempts, current: null);
            ExceptionDispatchInfo.Throw(error!);
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            Accept(token);
            _refreshing = Task.Run(RefreshLoopAsync);
        }

        return token;
    }

    private async Task RefreshLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(UntilRefresh(), _time, _stop.Token).ConfigureAwait(false);
            while (true)
            {
                var (token, error, attempts) = await RequestWithRetriesAsync().ConfigureAwait(false);
                if (token is not null)
                {
                    lock (_lock)
                    {
                        Accept(token);
                    }

                    OnCredentialsChanged();
                    break;
                }

                var retryIn = RaiseRefreshFailed(error!, attempts, CurrentToken);
                await Task.Delay(retryIn, _time, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks up to MaxAttempts times, with the backoff's delays in between; the token, or the last error.</summary>
    private async Task<(RedisToken? Token, Exception? Error, int Attempts)> RequestWithRetriesAsync()
    {
        Exception? error = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(_options.RetryBackoff.GetDelay(attempt - 1), _time, _stop.Token).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                var token = await _requestToken(timeout.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The token request returned no token.");
                return (token, null, attempt);
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                error = ex is OperationCanceledException && timeout.IsCancellationRequested
                    ? new TimeoutException($"The token request did not answer within {_options.RequestTimeout.TotalMilliseconds:0} ms.", ex)
                    : ex;
            }
        }

        return (null, error, _options.MaxAttempts);
    }

    private void Accept(RedisToken token)
    {
        _current = (token, token.ReceivedAt ?? _time.GetUtcNow());
        Interlocked.Increment(ref _received);
    }

    /// <summary>How long until the current token is to be replaced: at the ratio of its lifetime, and the lower bound before its expiry.</summary>
    private TimeSpan UntilRefresh()
    {
        (RedisToken Token, DateTimeOffset ReceivedAt) current;
        lock (_lock)
        {
            current = _current!.Value;
        }

        var lifetime = current.Token.ExpiresAt - current.ReceivedAt;
        var byRatio = current.ReceivedAt + (lifetime * _options.ExpirationRefreshRatio);
        var byBound = current.Token.ExpiresAt - _options.LowerRefreshBound;
        var wait = (byRatio < byBound ? byRatio : byBound) - _time.GetUtcNow();
        return wait > MinimumRefreshDelay ? wait : MinimumRefreshDelay;
    }

    /// <summary>Raises RefreshFailed (handlers that throw are skipped); returns when the next refresh starts.</summary>
    private TimeSpan RaiseRefreshFailed(Exception error, int attempts, RedisToken? current)
    {
        var retryIn = _options.RetryBackoff.GetDelay(attempts);
        if (RefreshFailed is { } handlers)
        {
            Diagnostics.EventHandlers.RaiseEach(handlers, this, new TokenRefreshFailedEventArgs(error, attempts, current, retryIn));
        }

        return retryIn;
    }
}
