using Microsoft.Extensions.Logging;
using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Caching;

/// <summary>
/// Under RESP2, the connection of one node that receives the client-side cache's invalidations: it
/// subscribes to <c>__redis__:invalidate</c> in its handshake, and the node's shared connections track
/// with <c>CLIENT TRACKING ON REDIRECT &lt;its id&gt;</c>. Opened when the first shared connection asks for
/// its id. While it is down, invalidations are lost: the cache is flushed and stores nothing; when it is
/// back (with a new id), the shared connections are reconnected so that they redirect to it anew.
/// </summary>
internal sealed class InvalidationConnection : IAsyncDisposable
{
    // How often a shared connection's handshake looks whether the invalidation connection is up.
    private static readonly TimeSpan ConnectedPollPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Connection _connection;
    private readonly ClientCache _cache;
    private readonly Func<IReadOnlyList<Connection>> _tracking;
    private readonly ILogger _logger;
    private int _started;
    private int _sessions;
    private int _suspended;

    public InvalidationConnection(
        RedisEndpoint endpoint, RedisClientOptions options, ILogger logger, PushHandler pushHandler, ClientCache cache, Func<IReadOnlyList<Connection>> tracking, ClientEvents events)
    {
        _cache = cache;
        _tracking = tracking;
        _logger = logger;
        _connection = new Connection(endpoint, options with { InvalidationSubscriber = true, ClientTracking = null, ClientTrackingRedirect = null }, logger, events, ConnectionKind.Subscriber)
        {
            SubscriberMode = true,
            PushHandler = pushHandler,
            SessionStarted = OnSessionStarted,
            SessionLost = OnSessionLost,
        };
    }

    /// <summary>The connection (for tests and diagnostics).</summary>
    public Connection Connection => _connection;

    /// <summary>The id to redirect invalidations to: waits (within <paramref name="cancellationToken"/>) until the connection is up.</summary>
    public async Task<long> RedirectIdAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _connection.StartConnecting();
        }

        while (true)
        {
            if (_connection.IsConnected && _connection.Handshake?.ConnectionId is { } id)
            {
                return id;
            }

            await Task.Delay(ConnectedPollPeriod, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnSessionStarted(Connection connection, HandshakeResult handshake)
    {
        if (Interlocked.Increment(ref _sessions) == 1)
        {
            return;
        }

        // A new id: the shared connections still redirect to the old one, so they reconnect (their
        // handshake redirects to this one); what they read meanwhile is dropped with the flush.
        foreach (var shared in _tracking())
        {
            shared.Recycle("the client-side cache's invalidation connection reconnected, so tracking is redirected to it anew");
        }

        _cache.InvalidateAll();
        if (Interlocked.Exchange(ref _suspended, 0) == 1)
        {
            _cache.Resume();
        }

        Diagnostics.Log.ClientCacheFlushed(_logger, "the invalidation connection reconnected", connection.EndpointText);
    }

    private void OnSessionLost(Connection connection)
    {
        if (Interlocked.Exchange(ref _suspended, 1) == 0)
        {
            _cache.Suspend();
        }

        _cache.InvalidateAll();
        Diagnostics.Log.ClientCacheFlushed(_logger, "the invalidation connection was lost", connection.EndpointText);
    }
}
