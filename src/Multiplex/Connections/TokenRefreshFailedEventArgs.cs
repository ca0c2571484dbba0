namespace Multiplex;

/// <summary>A refresh of <see cref="RedisTokenManager"/> that gave up after its attempts (<see cref="RedisTokenManager.RefreshFailed"/>).</summary>
public sealed class TokenRefreshFailedEventArgs : EventArgs
{
    internal TokenRefreshFailedEventArgs(Exception error, int attempts, RedisToken? current, TimeSpan nextAttemptIn)
    {
        Error = error;
        Attempts = attempts;
        CurrentToken = current;
        NextAttemptIn = nextAttemptIn;
    }

    /// <summary>The last attempt's error.</summary>
    public Exception Error { get; }

    /// <summary>How many requests this refresh made.</summary>
    public int Attempts { get; }

    /// <summary>The token still in use (null before the first one arrived); connections keep it until it expires.</summary>
    public RedisToken? CurrentToken { get; }

    /// <summary>When the manager tries again.</summary>
    public TimeSpan NextAttemptIn { get; }
}
