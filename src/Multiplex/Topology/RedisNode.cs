using Microsoft.Extensions.Logging;
using Multiplex.Caching;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Protocol;

namespace Multiplex.Topology;

/// <summary>
/// One server the client talks to: its endpoint and role, the few long-lived multiplexed connections
/// shared by every caller, the bounded pool of dedicated connections (blocking commands, WATCH,
/// sessions, MONITOR), and under RESP2 the connection its subscriptions ride on. Made by
/// <see cref="NodeFactory"/>, which wires the push handling of every connection it opens.
/// </summary>
internal sealed class RedisNode : IAsyncDisposable
{
    // How often a retiring node checks whether the commands it holds have finished.
    private static readonly TimeSpan RetirePollPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Connection[] _connections;
    private readonly RedisClientOptions _options;
    private readonly ILogger _logger;
    private readonly PushHandler _pushHandler;
    private readonly ClientEvents _events;

    // What the RESP2 subscriber connection reports in events: a sentinel's (listening for +switch-master) is a sentinel connection.
    private readonly ConnectionKind _subscriberKind;
    private readonly Lock _subscriberLock = new();
    private Connection? _subscriber;

    // With a client-side cache, the RESP2 connection invalidations are redirected to (opened when needed).
    private readonly InvalidationConnection? _invalidations;
    private uint _next;
    private int _disposed;
    private long _roundTripTicks = -1;

    public RedisNode(
        RedisEndpoint endpoint,
        NodeRole role,
        RedisClientOptions options,
        ILogger logger,
        PushHandler pushHandler,
        ClientEvents events,
        ConnectionKind kind,
        bool clusterReplica = true,
        ClientCache? cache = null)
    {
        Endpoint = endpoint;
        EndpointText = endpoint.ToString();
        Role = role;
        options = role == NodeRole.Replica && clusterReplica ? options with { ReadOnlyReplica = true } : options;
        _options = options;
        _logger = logger;
        _pushHandler = pushHandler;
        _events = events;
        _subscriberKind = kind == ConnectionKind.Sentinel ? ConnectionKind.Sentinel : ConnectionKind.Subscriber;
        Dedicated = new DedicatedConnectionPool(endpoint, options, events);
        _connections = new Connection[options.ConnectionsPerNode];
        if (cache is not null)
        {
            _invalidations = new InvalidationConnection(endpoint, options, logger, pushHandler, cache, () => _connections, events);
        }

        var shared = cache is null ? options : options with
        {
            ClientTracking = cache.TrackingCommand,
            ClientTrackingRedirect = _invalidations!.RedirectIdAsync,
        };
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new Connection(endpoint, shared, logger, events, kind) { PushHandler = pushHandler };
            if (cache is not null)
            {
                _connections[i].SessionStarted = (connection, handshake) => OnTrackingSessionStarted(cache, connection, handshake);
                _connections[i].SessionLost = connection => OnTrackingSessionLost(cache, connection);
            }
        }
    }

    /// <summary>
    /// A shared connection of a client with a cache has a new session: what was cached may have missed
    /// invalidations meanwhile, so it is all dropped; a server that refused tracking turns the cache off.
    /// </summary>
    private void OnTrackingSessionStarted(ClientCache cache, Connection connection, HandshakeResult handshake)
    {
        if (handshake.Tracking == false)
        {
            if (cache.IsEnabled)
            {
                Diagnostics.Log.ClientCacheTrackingRefused(_logger, connection.EndpointText, handshake.Protocol);
            }

            cache.Disable();
            return;
        }

        cache.InvalidateAll();
        Diagnostics.Log.ClientCacheFlushed(_logger, "a tracking connection connected", connection.EndpointText);
    }

    /// <summary>A tracking connection lost its session: invalidations for what it read may be lost with it.</summary>
    private void OnTrackingSessionLost(ClientCache cache, Connection connection)
    {
        cache.InvalidateAll();
        Diagnostics.Log.ClientCacheFlushed(_logger, "a tracking connection was lost", connection.EndpointText);
    }

    /// <summary>Where the server listens.</summary>
    public RedisEndpoint Endpoint { get; }

    /// <summary>The endpoint as text, for messages.</summary>
    public string EndpointText { get; }

    /// <summary>Primary or replica.</summary>
    public NodeRole Role { get; }

    /// <summary>How long the latest latency probe (a PING) took to be answered; null until one was.</summary>
    public TimeSpan? RoundTrip
    {
        get => Volatile.Read(ref _roundTripTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;
        set => Volatile.Write(ref _roundTripTicks, value?.Ticks ?? -1);
    }

    /// <summary>The shared multiplexed connections.</summary>
    public IReadOnlyList<Connection> Connections => _connections;

    /// <summary>The pool of dedicated connections.</summary>
    public DedicatedConnectionPool Dedicated { get; }

    /// <summary>The RESP2 subscriber connection, once the first subscription opened it; null under RESP3.</summary>
    public Connection? SubscriberConnection => Volatile.Read(ref _subscriber);

    /// <summary>The protocol the node's first shared connection speaks (the requested one before it connects).</summary>
    public RedisProtocol Protocol => _connections[0].Protocol;

    /// <summary>Whether every connection (the subscriber connection included, once open) has a live session.</summary>
    public bool IsConnected => _connections.All(connection => connection.IsConnected) && SubscriberConnection is not { IsConnected: false };

    /// <summary>How many times the node's connections were re-established after failures.</summary>
    public long ReconnectCount => _connections.Sum(connection => connection.ReconnectCount) + (SubscriberConnection?.ReconnectCount ?? 0);

    /// <summary>Completes when every shared connection has connected once.</summary>
    public Task FirstConnection => Task.WhenAll(_connections.Select(connection => connection.FirstConnection));

    /// <summary>Connects every shared connection; throws when the server cannot be reached or refuses the handshake.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_connections.Select(connection => connection.ConnectAsync(cancellationToken)));

    /// <summary>Starts connecting in the background, retrying with backoff.</summary>
    public void StartInBackground()
    {
        foreach (var connection in _connections)
        {
            connection.StartConnecting();
        }
    }

    /// <summary>Queues a command on the shared connection its keys belong to (see <see cref="ConnectionFor"/>).</summary>
    public void Enqueue(PendingCommand command, CancellationToken cancellationToken) =>
        ConnectionFor(command).Enqueue(command, cancellationToken);

    /// <summary>
    /// The shared connection for a command. Commands on one key always use the same connection (chosen
    /// by the key's hash slot), so one caller's <c>SET k</c> then <c>GET k</c>, issued without waiting in
    /// between, reach the server in that order; commands without keys take the connections in turn.
    /// </summary>
    public Connection ConnectionFor(PendingCommand command)
    {
        if (_connections.Length == 1)
        {
            return _connections[0];
        }

        var source = command.KeySource;
        var frame = source.Encoded;
        if (source.Command.Keys.TryFindFirstKey(frame, out var key))
        {
            return _connections[HashSlot.Of(frame[key]) % _connections.Length];
        }

        return _connections[Interlocked.Increment(ref _next) % (uint)_connections.Length];
    }

    /// <summary>
    /// The connection subscriptions ride on: under RESP3 the first shared connection (messages arrive
    /// as push frames), under RESP2 a connection of their own, opened on the first call.
    /// </summary>
    public async Task<Connection> GetSubscriptionConnectionAsync(CancellationToken cancellationToken)
    {
        var shared = _connections[0];
        if (shared.Protocol == RedisProtocol.Resp3)
        {
            return shared;
        }

        Connection connection;
        lock (_subscriberLock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_subscriber is { } existing)
            {
                return existing;
            }

            // RESP2 has no push frames: a subscribed connection takes only (un)subscribe and PING.
            connection = new Connection(Endpoint, _options, _logger, _events, _subscriberKind) { SubscriberMode = true, PushHandler = _pushHandler };
            Volatile.Write(ref _subscriber, connection);
        }

        if (shared.IsConnected || _options.WhileDisconnected == DisconnectedBehavior.FailFast)
        {
            try
            {
                await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_subscriberLock)
                {
                    Volatile.Write(ref _subscriber, null);
                }

                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            // The client is still waiting for its server (created with RedisClient.Create): like any
            // command, the first subscribe waits for the connection within its timeout.
            connection.StartConnecting();
        }

        return connection;
    }

    /// <summary>
    /// <c>CLIENT UNBLOCK id TIMEOUT</c> on this node's shared connection: releases a command blocked on
    /// one of its dedicated connections, which answers as if its timeout had passed.
    /// </summary>
    public async Task UnblockAsync(long clientId)
    {
        var command = PendingCommand<bool>.Rent(ServerTokens.ClientUnblock, ReplyParsers.Boolean, _options.CommandTimeout);
        RespWriter.WriteArrayHeader(command, ServerTokens.ClientUnblock.NameLength + 2);
        ServerTokens.ClientUnblock.WriteName(command);
        RespWriter.WriteBulkString(command, clientId);
        RespWriter.WriteCommandToken(command, ServerTokens.Timeout);
        var reply = command.Task;
        Enqueue(command, CancellationToken.None);
        await reply.ConfigureAwait(false);
    }

    /// <summary>
    /// Closes a node the topology no longer uses. While it is connected, the commands it already holds
    /// are left to finish for up to <paramref name="grace"/> (a primary turned replica answers them with
    /// MOVED, and they follow); then, or at once when it is down, it is closed, and commands still
    /// waiting to be written are handed to <paramref name="rehome"/> (to be sent elsewhere) rather than failed.
    /// With <paramref name="stopWriting"/> (a primary Sentinel replaced) nothing more is written to it from
    /// the call on: only the commands already written are waited for.
    /// </summary>
    public async Task RetireAsync(Func<PendingCommand, bool> rehome, TimeSpan grace, bool stopWriting = false)
    {
        Connection[] connections = SubscriberConnection is { } subscriber ? [.. _connections, subscriber] : _connections;
        foreach (var connection in connections)
        {
            connection.Rehome = rehome;
            if (stopWriting)
            {
                connection.StopWriting();
            }
        }

        var until = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (Environment.TickCount64 < until
            && _connections.Any(connection => connection.IsConnected && (stopWriting ? connection.InFlightCount : connection.PendingCount) > 0))
        {
            await Task.Delay(RetirePollPeriod).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the dedicated pool (leased connections too), the shared connections and the subscriber connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Connection? subscriber;
        lock (_subscriberLock)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            subscriber = Interlocked.Exchange(ref _subscriber, null);
        }

        await Dedicated.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (subscriber is not null)
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
        }

        if (_invalidations is not null)
        {
            await _invalidations.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The RESP2 invalidation connection of a client with a cache, once opened (for tests and diagnostics).</summary>
    internal Connection? InvalidationConnection => _invalidations?.Connection;
}
