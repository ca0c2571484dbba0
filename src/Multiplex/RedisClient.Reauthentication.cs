using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>Re-authenticating live connections when a credentials provider's credentials change.</summary>
public sealed partial class RedisClient
{
    private static readonly CommandSpec Auth = CommandSpec.Other("AUTH");

    private readonly SemaphoreSlim _reauthenticating = new(1, 1);

    /// <summary>
    /// Raised for each live connection that could not re-authenticate with new credentials (the server
    /// refused them, or the connection failed meanwhile). A refused connection is closed and reconnects
    /// with the provider's credentials. Delivered like the client's other events (see <see cref="Connected"/>):
    /// by the client's event task, never on a connection's loops; a handler that throws does not disturb the client.
    /// </summary>
    public event EventHandler<ReauthenticationFailedEventArgs>? ReauthenticationFailed
    {
        add => _events.Add(ref _events.ReauthenticationFailed, value);
        remove => _events.Remove(ref _events.ReauthenticationFailed, value);
    }

    /// <summary>
    /// Re-authenticates every live connection in place with the credentials
    /// <see cref="RedisClientOptions.CredentialsProvider"/> gives now; done by itself when the provider
    /// raises <see cref="RedisCredentialsProvider.CredentialsChanged"/>. Shared connections (and RESP3
    /// subscriber connections) are sent <c>AUTH</c> through their writer, in order with the commands
    /// around it, so nothing in flight is disturbed; idle dedicated connections are closed and leased
    /// ones replaced when given back (the next lease connects with the new credentials); a RESP2
    /// subscriber connection, which cannot send <c>AUTH</c> while subscribed, reconnects and resubscribes.
    /// A connection that is down authenticates when it reconnects.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; AUTH commands already queued still run.</param>
    /// <returns>How many connections re-authenticated.</returns>
    /// <exception cref="InvalidOperationException">The client has no credentials provider.</exception>
    public async Task<int> ReauthenticateAsync(CancellationToken cancellationToken = default)
    {
        var provider = Options.CredentialsProvider
            ?? throw new InvalidOperationException("Re-authentication needs RedisClientOptions.CredentialsProvider: a fixed password does not change.");
        await _reauthenticating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var credentials = await provider.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            var sent = new List<Task<bool>>();
            var closed = 0;
            foreach (var node in _topology.Nodes)
            {
                closed += await node.Dedicated.RenewCredentialsAsync().ConfigureAwait(false);
                foreach (var connection in node.Connections)
                {
                    sent.Add(AuthenticateAsync(connection, credentials, cancellationToken));
                }

                if (node.SubscriberConnection is { IsConnected: true } subscriber)
                {
                    if (subscriber.Protocol == RedisProtocol.Resp3)
                    {
                        sent.Add(AuthenticateAsync(subscriber, credentials, cancellationToken));
                    }
                    else
                    {
                        subscriber.Recycle("the credentials changed, and a RESP2 subscriber connection cannot send AUTH");
                    }
                }
            }

            var done = (await Task.WhenAll(sent).ConfigureAwait(false)).Count(authenticated => authenticated);
            Diagnostics.Log.Reauthenticated(_logger, done, closed);
            return done;
        }
        finally
        {
            _reauthenticating.Release();
        }
    }

    private void OnCredentialsChanged(object? sender, EventArgs e) => _ = ReauthenticateInBackgroundAsync();

    private async Task ReauthenticateInBackgroundAsync()
    {
        try
        {
            await ReauthenticateAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The provider failed to give the new credentials: connections keep the ones they have.
            Diagnostics.Log.ReauthenticationFailed(_logger, "every node", ex.Message);
            _events.OnError(null, null, "re-authenticating", ex);
        }
    }

    /// <summary>AUTH on one shared connection, queued like any command; false (and reported) when it failed.</summary>
    private async Task<bool> AuthenticateAsync(Connection connection, RedisCredentials credentials, CancellationToken cancellationToken)
    {
        if (!connection.IsConnected)
        {
            return false; // it asks the provider when it reconnects
        }

        var command = PendingCommand<bool>.Rent(Auth, ReplyParsers.Boolean, Options.CommandTimeout);
        RespWriter.WriteArrayHeader(command, credentials.User is null ? 2 : 3);
        Auth.WriteName(command);
        if (credentials.User is { } user)
        {
            RespWriter.WriteBulkString(command, user);
        }

        RespWriter.WriteBulkString(command, credentials.Password);
        var reply = command.Task;
        connection.Enqueue(command, cancellationToken);
        try
        {
            await reply.ConfigureAwait(false);
            _events.OnReauthenticated(connection.EndpointText, connection.Kind);
            return true;
        }
        catch (RedisException ex)
        {
            Diagnostics.Log.ReauthenticationFailed(_logger, connection.EndpointText, ex.Message);
            if (ex is RedisServerException)
            {
                // Refused: left as it is, the connection would go on under the old credentials until they expire.
                connection.Recycle("the server refused the new credentials");
            }

            _events.OnReauthenticationFailed(connection.EndpointText, connection.Kind, ex);
            return false;
        }
    }
}
