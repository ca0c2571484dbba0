using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Connections;
using Multiplex.Caching;
using Multiplex.Diagnostics;
using Multiplex.PubSub;
using Multiplex.Resilience;
using Multiplex.Topology;
using Multiplex.Topology.Cluster;
using Multiplex.Topology.Sentinel;
using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// The Redis client: thread-safe, multiplexing every caller's commands over a few long-lived
/// connections. Create one per application (register it as a singleton) and share it.
/// </summary>
public sealed partial class RedisClient : RedisInteractiveCommands, IAsyncDisposable
{
    private readonly ITopologyProvider _topology;
    private readonly PubSubHub _pubSub;
    private readonly ILogger _logger;
    private readonly ClientEvents _events;

    // Whether this client made _events (and stops their delivery when disposed), rather than sharing those
    // of the client it belongs to (a database's client, a sentinel's client).
    private readonly bool _ownsEvents;
    private int _disposed;

    /// <summary>A client on <paramref name="topology"/>, whose nodes hand their pushes to <paramref name="pubSub"/>.</summary>
    internal RedisClient(RedisClientOptions options, ITopologyProvider topology, PubSubHub pubSub, ILogger? logger = null, ClientEvents? events = null, bool ownsEvents = true, ClientCache? cache = null)
        : this(options, topology, pubSub, logger ?? NullLogger.Instance, CommandRetrier.Create(options, topology, logger ?? NullLogger.Instance), events, ownsEvents, cache)
    {
    }

    private RedisClient(RedisClientOptions options, ITopologyProvider topology, PubSubHub pubSub, ILogger logger, CommandRetrier? retrier, ClientEvents? events, bool ownsEvents, ClientCache? cache)
        : base(options, new TopologySink(topology, retrier, options.Retry.Mode))
    {
        UseClientCache(cache, reads: true);
        if (cache is not null)
        {
            // A slot owned by another node, a promoted replica, a new Sentinel primary: the servers that
            // track what this cache holds are no longer the ones that will see the next writes.
            topology.Changed += cache.InvalidateAll;
        }

        _retrier = retrier;
        _retryMode = options.Retry.Mode;
        _topology = topology;
        _pubSub = pubSub;
        _events = events ?? new ClientEvents();
        _ownsEvents = ownsEvents;
        if (ownsEvents)
        {
            _events.Sender = this;
        }

        _logger = logger;
        if (options.CredentialsProvider is { } provider)
        {
            provider.CredentialsChanged += OnCredentialsChanged;
        }
        _connections = this;
        _databases = new DatabaseClients(this);
    }

    /// <summary>
    /// Whether every connection currently has a live session (including the RESP2 subscriber
    /// connection, once subscriptions opened it).
    /// </summary>
    public bool IsConnected => _topology.Nodes is { Count: > 0 } nodes && nodes.All(node => node.IsConnected);

    /// <summary>
    /// The protocol negotiated with the server (RESP3 unless refused or RESP2 was asked for); before the
    /// first connection, the requested <see cref="RedisClientOptions.Protocol"/>.
    /// </summary>
    public RedisProtocol Protocol => _topology.Nodes[0].Protocol;

    /// <summary>
    /// The kind of deployment the client found: <see cref="ServerMode.Standalone"/>,
    /// <see cref="ServerMode.Cluster"/> or (with a service name) <see cref="ServerMode.Sentinel"/>; <see cref="ServerMode.Auto"/> while a client made by
    /// <see cref="Create(RedisClientOptions, ILoggerFactory?)"/> has not found out yet.
    /// </summary>
    public ServerMode ServerMode => _topology switch
    {
        ClusterTopology { IsCluster: true } => ServerMode.Cluster,
        ClusterTopology { IsModeKnown: false } => ServerMode.Auto,
        SentinelTopology => ServerMode.Sentinel,
        _ => ServerMode.Standalone,
    };

    /// <summary>
    /// The Redis Cluster hash slot of <paramref name="key"/> (0 to 16383): CRC16 of the key, or of its
    /// hash tag (the text between the first <c>{</c> and the next <c>}</c>, when not empty). Keys with the
    /// same slot can be used together in multi-key commands and transactions on a cluster.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns>The slot.</returns>
    public static int HashSlotOf(RedisKey key)
    {
        if (key.IsNull)
        {
            throw new ArgumentException("A Redis key is required (the key is null).", nameof(key));
        }

        return HashSlot.Of((byte[])key!);
    }

    /// <summary>How many times connections (including the RESP2 subscriber connection) were re-established after failures, in total.</summary>
    public long ReconnectCount => _topology.Nodes.Sum(node => node.ReconnectCount);

    /// <summary>Connects using a connection string (<c>redis://</c>, <c>rediss://</c>, <c>unix://</c> or <c>host:port,option=value</c>).</summary>
    /// <param name="connectionString">The connection string; see <see cref="RedisClientOptions.Parse"/>.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A connected client.</returns>
    public static Task<RedisClient> ConnectAsync(string connectionString, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisClientOptions.Parse(connectionString), NullLoggerFactory.Instance, cancellationToken);

    /// <summary>Connects using options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A connected client.</returns>
    public static Task<RedisClient> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, NullLoggerFactory.Instance, cancellationToken);

    /// <summary>Connects using options, logging through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="loggerFactory">Where the client logs (category <c>Multiplex</c>).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A connected client.</returns>
    /// <exception cref="RedisConnectionException">The server cannot be reached.</exception>
    /// <exception cref="RedisAuthenticationException">The server refused the credentials.</exception>
    /// <exception cref="RedisServerException">The server refused a step of the handshake (SELECT of a database it does not have, an option it does not support).</exception>
    public static async Task<RedisClient> ConnectAsync(RedisClientOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var client = Build(options, loggerFactory);
        try
        {
            await client._topology.StartAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates a client without waiting for it to connect: its connections start connecting in the
    /// background, retrying with the <see cref="RedisClientOptions.Reconnect"/> backoff until they
    /// succeed or the client is disposed. Failed attempts are logged as warnings.
    /// </summary>
    /// <remarks>
    /// Until the first connection is up, commands wait in the backlog within their
    /// <see cref="RedisClientOptions.CommandTimeout"/> (then fail with a <see cref="RedisTimeoutException"/>),
    /// or fail at once with a <see cref="RedisConnectionException"/> when
    /// <see cref="RedisClientOptions.WhileDisconnected"/> is <see cref="DisconnectedBehavior.FailFast"/>.
    /// <see cref="IsConnected"/> is false and <see cref="Protocol"/> is the requested one until then.
    /// Await <see cref="WaitForConnectionAsync(CancellationToken)"/> to know when it is connected.
    /// </remarks>
    /// <param name="options">The options; validated here.</param>
    /// <param name="loggerFactory">Where the client logs (category <c>Multiplex</c>); null for nowhere.</param>
    /// <returns>A client that is connecting.</returns>
    public static RedisClient Create(RedisClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = Build(options, loggerFactory ?? NullLoggerFactory.Instance);
        client._topology.StartInBackground();
        return client;
    }

    /// <summary>A client for a sentinel, connecting in the background, whose connections report their events through <paramref name="events"/>.</summary>
    internal static RedisClient CreateForSentinel(RedisClientOptions options, ILoggerFactory loggerFactory, ClientEvents events)
    {
        var client = Build(options, loggerFactory, events, ConnectionKind.Sentinel);
        client._topology.StartInBackground();
        return client;
    }

    /// <summary>Creates a client from a connection string without waiting for it to connect; see <see cref="Create(RedisClientOptions, ILoggerFactory?)"/>.</summary>
    /// <param name="connectionString">The connection string; see <see cref="RedisClientOptions.Parse"/>.</param>
    /// <param name="loggerFactory">Where the client logs (category <c>Multiplex</c>); null for nowhere.</param>
    /// <returns>A client that is connecting.</returns>
    public static RedisClient Create(string connectionString, ILoggerFactory? loggerFactory = null) =>
        Create(RedisClientOptions.Parse(connectionString), loggerFactory);

    /// <summary>
    /// Completes once every connection has been established at least once (at once for a client made by
    /// <see cref="ConnectAsync(RedisClientOptions, ILoggerFactory, CancellationToken)"/>). It does not
    /// say the client is connected now: see <see cref="IsConnected"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the client keeps connecting).</param>
    /// <returns>A task that completes when the first connections are up.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="RedisConnectionException">The client was disposed before it connected.</exception>
    public Task WaitForConnectionAsync(CancellationToken cancellationToken = default) =>
        _topology.Ready.WaitAsync(cancellationToken);

    /// <summary>
    /// Like <see cref="WaitForConnectionAsync(CancellationToken)"/>, but gives up after
    /// <paramref name="timeout"/> with a <see cref="RedisConnectionException"/> that carries the latest
    /// connect failure (the client keeps connecting).
    /// </summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the first connections are up.</returns>
    /// <exception cref="RedisConnectionException">Not connected within <paramref name="timeout"/>, or disposed first.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task WaitForConnectionAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(timeout);
        try
        {
            await WaitForConnectionAsync(waiting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (_topology.Ready.IsCompletedSuccessfully)
            {
                return; // connected just as the wait timed out
            }

            var pending = _topology.Nodes.SelectMany(node => node.Connections).Where(connection => !connection.HasConnected).ToArray();
            var known = _topology.Nodes.Count > 0 ? _topology.Nodes.Select(node => node.EndpointText) : Options.Endpoints.Select(endpoint => endpoint.ToString());
            var endpoints = string.Join(", ", (pending.Length > 0 ? pending.Select(connection => connection.EndpointText) : known).Distinct());
            var cause = pending.Select(connection => connection.LastConnectError).FirstOrDefault(error => error is not null);
            var reason = cause is not null ? $"last attempt: {cause.Message}"
                : pending.Length > 0 ? "still connecting"
                : _topology.Nodes.Count == 0 ? $"the sentinels have not named the primary of '{Options.Sentinel.ServiceName}' yet"
                : "still loading the cluster's slot map";
            throw new RedisConnectionException(
                $"Could not connect to {endpoints} within {timeout.TotalMilliseconds:0} ms ({reason}).", CommandOutcome.NotSent, cause)
            { Endpoint = endpoints };
        }
    }

    /// <summary>
    /// Closes every connection (those of the databases <see cref="WithDatabase"/> opened too). Commands
    /// still queued or in flight fail with a <see cref="RedisConnectionException"/>. On a view
    /// (<see cref="WithKeyPrefix"/>, <see cref="WithDatabase"/>) it does nothing: the client the view was
    /// made from owns the connections.
    /// </summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public ValueTask DisposeAsync() => _owner is null ? CloseAsync() : ValueTask.CompletedTask;

    /// <summary>Closes this client's connections, and those of the databases it opened for views.</summary>
    private async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Off and empty before the connections close: no invalidation reaches it once they are gone, so a
            // disposed client must not answer a read from it (nor store a reply still in flight).
            ClientCacheInUse?.Disable();

            // Before the connections close: their in-flight commands then fail rather than wait to be retried.
            _retrier?.Stop();
            if (Options.CredentialsProvider is { } provider)
            {
                provider.CredentialsChanged -= OnCredentialsChanged;
            }

            ObservedClients.Remove(this);
            if (_databases is not null)
            {
                await _databases.DisposeAsync().ConfigureAwait(false);
            }

            await _pubSub.DisposeAsync().ConfigureAwait(false);
            await _topology.DisposeAsync().ConfigureAwait(false);
            if (_ownsEvents)
            {
                await _events.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A client on a topology of nodes made by one factory, with the pub/sub hub every node's pushes go to.
    /// <paramref name="events"/>: those of the client this one belongs to (a database's or a sentinel's
    /// client), whose connections report as <paramref name="kind"/>; null makes the client its own.
    /// </summary>
    internal static RedisClient Build(RedisClientOptions options, ILoggerFactory loggerFactory, ClientEvents? events = null, ConnectionKind kind = ConnectionKind.Shared)
    {
        var logger = loggerFactory.CreateLogger("Multiplex");
        if (options.Tls is { Enabled: true, IsInsecure: true } tls)
        {
            Diagnostics.Log.InsecureTls(logger, string.Join(" and ", new[]
            {
                tls.InsecureSkipServerNameCheck ? "Tls.InsecureSkipServerNameCheck" : null,
                tls.InsecureSkipCertificateChainCheck ? "Tls.InsecureSkipCertificateChainCheck" : null,
            }.OfType<string>()));
        }

        var clientEvents = events ?? new ClientEvents();
        var pubSub = new PubSubHub(options, logger, clientEvents);
        var cache = options.ClientCache is { } cacheOptions ? new ClientCache(cacheOptions) : null;
        var nodes = new NodeFactory(options, logger, cache is null ? pubSub.OnPush : new InvalidationRouter(cache, pubSub.OnPush, logger).OnPush, clientEvents, kind, cache);
        ITopologyProvider topology = options switch
        {
            { Mode: ServerMode.Standalone } => new StandaloneTopology(nodes.Create(options.Endpoints[0], NodeRole.Primary)),
            { Mode: ServerMode.Sentinel } or { Sentinel.ServiceName: not null } => new SentinelTopology(options, nodes, logger, loggerFactory),
            _ => new ClusterTopology(options, nodes, logger),
        };
        pubSub.Attach(topology);
        var client = new RedisClient(options, topology, pubSub, logger, clientEvents, ownsEvents: events is null, cache) { _loggerFactory = loggerFactory };
        ObservedClients.Add(client);
        return client;
    }

    /// <summary>The client's nodes (for tests and diagnostics).</summary>
    internal IReadOnlyList<RedisNode> Nodes => _topology.Nodes;

    /// <summary>The sentinels a Sentinel client asks and listens to, configured and learned (for tests and diagnostics); empty otherwise.</summary>
    internal IReadOnlyList<RedisEndpoint> Sentinels => _topology is SentinelTopology sentinel ? sentinel.Sentinels : [];

    /// <summary>The dedicated pool of the node owning <paramref name="key"/> (for tests and diagnostics).</summary>
    internal DedicatedConnectionPool DedicatedPoolFor(RedisKey key) => _topology.NodeForKey(key).Dedicated;
}
