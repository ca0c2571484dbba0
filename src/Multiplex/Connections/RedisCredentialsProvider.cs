namespace Multiplex;

/// <summary>
/// Hands out the user and password for every connect and reconnect
/// (<see cref="RedisClientOptions.CredentialsProvider"/>), and says when they change so that a client
/// re-authenticates its live connections in place (<see cref="CredentialsChanged"/>). Make one from a
/// function with <see cref="Create"/>, or use <see cref="RedisTokenManager"/> for short-lived tokens.
/// </summary>
public abstract class RedisCredentialsProvider
{
    /// <summary>
    /// Raised after the credentials changed: a client using this provider re-authenticates its live
    /// connections with the credentials <see cref="GetCredentialsAsync"/> then gives. Handlers run on the
    /// thread that raises it; one that throws does not stop the others.
    /// </summary>
    public event EventHandler? CredentialsChanged;

    /// <summary>A provider that calls <paramref name="getCredentials"/> at every connect, and never raises <see cref="CredentialsChanged"/>.</summary>
    /// <param name="getCredentials">Returns the credentials to use now; its token ends with the connect timeout.</param>
    /// <returns>The provider.</returns>
    public static RedisCredentialsProvider Create(Func<CancellationToken, ValueTask<RedisCredentials>> getCredentials)
    {
        ArgumentNullException.ThrowIfNull(getCredentials);
        return new DelegateProvider(getCredentials);
    }

    /// <summary>The credentials to use for a connect starting now.</summary>
    /// <param name="cancellationToken">Ends with the connect timeout (or the caller's token).</param>
    /// <returns>The user and password.</returns>
    public abstract ValueTask<RedisCredentials> GetCredentialsAsync(CancellationToken cancellationToken);

    /// <summary>Raises <see cref="CredentialsChanged"/>; each handler that throws is skipped, the rest still run.</summary>
    protected void OnCredentialsChanged() => Diagnostics.EventHandlers.RaiseEach(CredentialsChanged, this);

    private sealed class DelegateProvider(Func<CancellationToken, ValueTask<RedisCredentials>> getCredentials) : RedisCredentialsProvider
    {
        public override ValueTask<RedisCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => getCredentials(cancellationToken);
    }
}
