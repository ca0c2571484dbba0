namespace Multiplex;

/// <summary>
/// The client's events. Every one is delivered by one background task per client, in the order raised,
/// never on a connection's reader or writer loop nor on a reconnect or topology path: a handler that is
/// slow delays the events after it, never a command; one that throws is skipped and the others still run.
/// Raising an event nobody listens to costs nothing. A client's views and the clients of its other
/// databases share its events; the sender is always the client the application made.
/// </summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// A connection was established for the first time: a shared connection of a node found later (a
    /// cluster node, a new primary), every connection of a client made by <see cref="Create(RedisClientOptions, Microsoft.Extensions.Logging.ILoggerFactory?)"/>
    /// (a client made by <c>ConnectAsync</c> is connected before a handler can be added), a RESP2
    /// subscriber connection, a dedicated connection, a connection to a sentinel.
    /// </summary>
    public event EventHandler<ConnectedEventArgs>? Connected
    {
        add => _events.Add(ref _events.Connected, value);
        remove => _events.Remove(ref _events.Connected, value);
    }

    /// <summary>
    /// A live connection was lost (<see cref="ConnectionFailedEventArgs.Attempt"/> 0), or an attempt to open
    /// or reopen one failed (the attempt's number); raised for each failed attempt while a server is down.
    /// </summary>
    public event EventHandler<ConnectionFailedEventArgs>? ConnectionFailed
    {
        add => _events.Add(ref _events.ConnectionFailed, value);
        remove => _events.Remove(ref _events.ConnectionFailed, value);
    }

    /// <summary>A lost connection was re-established (after its subscriptions were restored on it).</summary>
    public event EventHandler<ReconnectedEventArgs>? Reconnected
    {
        add => _events.Add(ref _events.Reconnected, value);
        remove => _events.Remove(ref _events.Reconnected, value);
    }

    /// <summary>A live connection authenticated with new credentials in place (<see cref="ReauthenticateAsync"/>).</summary>
    public event EventHandler<ReauthenticatedEventArgs>? Reauthenticated
    {
        add => _events.Add(ref _events.Reauthenticated, value);
        remove => _events.Remove(ref _events.Reauthenticated, value);
    }

    /// <summary>
    /// The servers the client uses changed: the cluster's slot map (a slot got a new owner, nodes were
    /// added or retired), a new primary (a Sentinel failover), the replicas a Sentinel client reads from.
    /// </summary>
    public event EventHandler<TopologyChangedEventArgs>? TopologyChanged
    {
        add => _events.Add(ref _events.TopologyChanged, value);
        remove => _events.Remove(ref _events.TopologyChanged, value);
    }

    /// <summary>
    /// A server maintenance notification arrived (<c>MOVING</c>, <c>MIGRATING</c>, <c>MIGRATED</c>,
    /// <c>FAILING_OVER</c>, <c>FAILED_OVER</c>, …: RESP3 pushes that Redis Enterprise, Redis Cloud and Redis 8
    /// send to connections that asked for them with <c>CLIENT MAINT_NOTIFICATIONS ON</c>, see
    /// <see cref="RedisClientOptions.MaintenanceNotifications"/>). The client only reports them.
    /// </summary>
    public event EventHandler<MaintenanceNotificationEventArgs>? MaintenanceNotification
    {
        add => _events.Add(ref _events.MaintenanceNotification, value);
        remove => _events.Remove(ref _events.MaintenanceNotification, value);
    }

    /// <summary>
    /// Something the client does in the background failed (and was logged): a protocol violation that
    /// broke a connection, a writer loop's failure, a connect attempt refused in a way retrying does not
    /// fix (credentials, database), a slot map reload, a Sentinel query, a resubscribe.
    /// </summary>
    public event EventHandler<ClientErrorEventArgs>? Error
    {
        add => _events.Add(ref _events.Error, value);
        remove => _events.Remove(ref _events.Error, value);
    }

    /// <summary>
    /// Events dropped because 1,024 were already waiting for handlers that are slow (the queue is bounded so
    /// that a handler that blocks does not make the client hold events without limit).
    /// </summary>
    public long DroppedEventCount => _events.DroppedCount;
}
