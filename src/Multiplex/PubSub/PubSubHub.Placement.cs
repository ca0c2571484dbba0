using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Topology;

namespace Multiplex.PubSub;

/// <summary>
/// Where names are held: each node's <see cref="SubscriptionHome"/>, the reconnect preamble that
/// restores a node's names, and the reconciliation that moves names when the cluster changes.
/// </summary>
internal sealed partial class PubSubHub
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _homesLock = new();
    private readonly Dictionary<RedisNode, SubscriptionHome> _homes = new(ReferenceEqualityComparer.Instance);
    private ITopologyProvider? _topology;
    private RedisNode? _channelNode;
    private int _reconcileScheduled;
    private int _failedReconciles;

    /// <summary>
    /// The connection carrying channel and pattern subscriptions (or, before there are any, the first
    /// node's with subscriptions), once a subscribe chose it; for tests and diagnostics.
    /// </summary>
    public Connection? Connection
    {
        get
        {
            lock (_homesLock)
            {
                var home = _channelNode is { } node && _homes.TryGetValue(node, out var found) ? found : _homes.Values.FirstOrDefault();
                return home?.Connection;
            }
        }
    }

    /// <summary>Gives the hub the topology its names are placed on; follows its changes.</summary>
    public void Attach(ITopologyProvider topology)
    {
        _topology = topology;
        topology.Changed += OnTopologyChanged;
    }

    /// <summary>
    /// The nodes that must hold <paramref name="name"/>: the owner of its slot for a shard channel, every
    /// primary for keyspace and keyevent notifications (each primary reports its own keys), and one node
    /// for any other channel or pattern (a cluster delivers PUBLISH to every node).
    /// </summary>
    private IReadOnlyList<RedisNode> TargetsOf(SubscriptionKind kind, in RedisValue name)
    {
        var topology = _topology!;
        if (kind == SubscriptionKind.Shard)
        {
            return [topology.PrimaryFor(HashSlot.Of((byte[])name!))];
        }

        if (KeyspaceNotification.IsNotificationName(name))
        {
            return topology.Primaries;
        }

        var node = _channelNode;
        if (node is null || !topology.Nodes.Contains(node))
        {
            node = topology.Primaries[0];
            _channelNode = node;
        }

        return [node];
    }

    /// <summary>Subscribes new names where they belong, recording them first so a confirmation finds them. Hold the gate.</summary>
    private async Task PlaceAsync(SubscriptionKind kind, List<RedisValue> added, CancellationToken cancellationToken)
    {
        var sends = new List<Task>();
        foreach (var (node, names) in ByTarget(kind, added))
        {
            var home = await GetHomeAsync(node, cancellationToken).ConfigureAwait(false);
            lock (_homesLock)
            {
                home.Add(kind, names);
            }

            foreach (var group in BySlot(kind, names))
            {
                sends.Add(SendAsync(home.Connection, SubscribeTokens[(int)kind], group, cancellationToken));
            }
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private Dictionary<RedisNode, List<RedisValue>> ByTarget(SubscriptionKind kind, List<RedisValue> names)
    {
        var byNode = new Dictionary<RedisNode, List<RedisValue>>(ReferenceEqualityComparer.Instance);
        foreach (var name in names)
        {
            foreach (var node in TargetsOf(kind, name))
            {
                if (!byNode.TryGetValue(node, out var list))
                {
                    byNode[node] = list = [];
                }

                list.Add(name);
            }
        }

        return byNode;
    }

    /// <summary>Shard channels in a cluster go one slot per command (the server refuses more); anything else as one command.</summary>
    private IEnumerable<List<RedisValue>> BySlot(SubscriptionKind kind, List<RedisValue> names)
    {
        if (names.Count == 0)
        {
            return [];
        }

        if (kind != SubscriptionKind.Shard || _topology is not { IsCluster: true } || names.Count == 1)
        {
            return [names];
        }

        return names.GroupBy(name => HashSlot.Of((byte[])name!)).Select(group => group.ToList());
    }

    private List<SubscriptionHome> Homes()
    {
        lock (_homesLock)
        {
            return [.. _homes.Values];
        }
    }

    /// <summary>The node's home, its subscription connection chosen (and under RESP2 opened) on first use. Hold the gate.</summary>
    private async Task<SubscriptionHome> GetHomeAsync(RedisNode node, CancellationToken cancellationToken)
    {
        lock (_homesLock)
        {
            if (_homes.TryGetValue(node, out var existing))
            {
                return existing;
            }
        }

        var connection = await node.GetSubscriptionConnectionAsync(cancellationToken).ConfigureAwait(false);
        var home = new SubscriptionHome(node, connection);
        connection.ReconnectPreamble = () => Resubscribe(home);
        lock (_homesLock)
        {
            _homes[node] = home;
        }

        return home;
    }

    /// <summary>
    /// The reconnect preamble of a node's subscription connection: one SUBSCRIBE, PSUBSCRIBE and
    /// SSUBSCRIBE (one per slot in a cluster) with every name the node holds; once all are confirmed,
    /// each live subscription with a name there is told it was restored.
    /// </summary>
    private List<PendingCommand> Resubscribe(SubscriptionHome home)
    {
        var commands = new List<SubscriptionCommand>();
        List<RedisSubscription> restored;
        lock (_homesLock)
        {
            foreach (var kind in (ReadOnlySpan<SubscriptionKind>)[SubscriptionKind.Channel, SubscriptionKind.Pattern, SubscriptionKind.Shard])
            {
                foreach (var names in BySlot(kind, home.Names(kind)))
                {
                    commands.Add(new SubscriptionCommand(SubscribeTokens[(int)kind], names, _options.CommandTimeout));
                }
            }

            restored = [.. _registry.All().Where(home.HoldsAny)];
        }

        if (commands.Count > 0)
        {
            _ = AnnounceRestoredAsync(home, commands, restored);
        }

        return [.. commands];
    }

    private async Task AnnounceRestoredAsync(SubscriptionHome home, List<SubscriptionCommand> commands, List<RedisSubscription> subscriptions)
    {
        try
        {
            await Task.WhenAll(commands.Select(command => command.Completion)).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.ResubscribeFailed(_logger, home.Connection.EndpointText, ex.Message);
            _events.OnError(home.Connection.EndpointText, home.Connection.Kind, "resubscribing", ex);
            var refused = commands.Where(command => command.Completion.Exception?.InnerException is RedisServerException).ToList();
            if (refused.Count > 0)
            {
                // The server refused names (a shard channel's slot moved while the connection was down):
                // they are no longer held there; they go where the reloaded map says.
                Forget(home, refused);
                _topology?.RequestRefresh();
                ScheduleReconcile(FirstRetryDelay);
            }

            // A lost session: the next one resubscribes again.
            return;
        }

        var restoredAt = DateTimeOffset.UtcNow;
        Log.Resubscribed(_logger, home.Connection.EndpointText, subscriptions.Count);
        Restore(subscriptions, restoredAt);
    }

    private void Forget(SubscriptionHome home, List<SubscriptionCommand> commands)
    {
        lock (_homesLock)
        {
            foreach (var command in commands)
            {
                var kind = command.Kind;
                foreach (var name in command.Names)
                {
                    home.Remove(kind, name);
                }
            }
        }
    }

    private static void Restore(List<RedisSubscription> subscriptions, DateTimeOffset restoredAt)
    {
        foreach (var subscription in subscriptions)
        {
            if (!subscription.IsDisposed)
            {
                subscription.OnRestored(restoredAt);
            }
        }
    }

    /// <summary>
    /// An unsubscribe confirmation nothing asked for (reader loop): the server ended a subscription on
    /// its own, as Redis does for the shard channels of a slot that moved away. The name is no longer
    /// held there; it is subscribed where the reloaded map says.
    /// </summary>
    private void OnServerUnsubscribed(Connection connection, in PushMessage push)
    {
        SubscriptionKind kind;
        switch (push.Kind)
        {
            case PushKind.ShardUnsubscribe:
                kind = SubscriptionKind.Shard;
                break;
            case PushKind.Unsubscribe:
                kind = SubscriptionKind.Channel;
                break;
            case PushKind.PatternUnsubscribe:
                kind = SubscriptionKind.Pattern;
                break;
            default:
                return; // a late subscribe confirmation: nothing to do
        }

        var name = kind == SubscriptionKind.Pattern ? push.Pattern : push.Channel;
        lock (_homesLock)
        {
            if (!_homes.Values.Any(home => ReferenceEquals(home.Connection, connection) && home.Remove(kind, name)))
            {
                return; // a name the client itself unsubscribed (the reply raced the server's own)
            }
        }

        Log.ServerUnsubscribed(_logger, connection.EndpointText, kind, name.ToString() ?? string.Empty);
        _topology?.RequestRefresh();
        ScheduleReconcile(FirstRetryDelay);
    }

    private void OnTopologyChanged()
    {
        if (!_disposed && !_registry.IsEmpty)
        {
            ScheduleReconcile(TimeSpan.Zero);
        }
    }

    /// <summary>Runs a reconciliation soon, once however many changes ask for it meanwhile.</summary>
    private void ScheduleReconcile(TimeSpan delay)
    {
        if (_disposed || Interlocked.Exchange(ref _reconcileScheduled, 1) != 0)
        {
            return;
        }

        _ = BackgroundWork.Run(async () =>
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay).ConfigureAwait(false);
            }

            Volatile.Write(ref _reconcileScheduled, 0);
            await ReconcileAsync().ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Makes where names are held match where they belong now: homes of retired nodes are dropped, names
    /// held where they no longer belong are unsubscribed there, and names held nowhere they belong are
    /// subscribed there (their subscriptions raise <c>Restored</c>). A failure is retried with backoff.
    /// </summary>
    private async Task ReconcileAsync()
    {
        if (_disposed || _topology is not { } topology)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        var failure = (Exception?)null;
        var failedEndpoint = string.Empty;
        var failedNames = 0;
        try
        {
            if (_disposed)
            {
                return;
            }

            var wanted = WantedPlacement();
            DropStale(topology, wanted);
            var moves = new List<(SubscriptionHome Home, SubscriptionKind Kind, List<RedisValue> Names, Task Sent)>();
            foreach (var (node, kinds) in wanted)
            {
                SubscriptionHome home;
                try
                {
                    home = await GetHomeAsync(node, CancellationToken.None).ConfigureAwait(false);
                }
                catch (ObjectDisposedException ex)
                {
                    (failure, failedEndpoint, failedNames) = (ex, node.EndpointText, kinds.Sum(names => names.Count));
                    continue;
                }

                for (var kind = 0; kind < kinds.Length; kind++)
                {
                    List<RedisValue> missing;
                    lock (_homesLock)
                    {
                        missing = [.. kinds[kind].Where(name => !home.Holds((SubscriptionKind)kind, name))];
                        home.Add((SubscriptionKind)kind, missing);
                    }

                    foreach (var names in BySlot((SubscriptionKind)kind, missing))
                    {
                        moves.Add((home, (SubscriptionKind)kind, names, SendAsync(home.Connection, SubscribeTokens[kind], names, CancellationToken.None)));
                    }
                }
            }

            var moved = new HashSet<RedisValue>[] { [], [], [] };
            foreach (var move in moves)
            {
                try
                {
                    await move.Sent.ConfigureAwait(false);
                    moved[(int)move.Kind].UnionWith(move.Names);
                    Log.SubscriptionsMoved(_logger, move.Home.Connection.EndpointText, move.Names.Count);
                }
                catch (RedisException ex)
                {
                    lock (_homesLock)
                    {
                        move.Names.ForEach(name => move.Home.Remove(move.Kind, name));
                    }

                    (failure, failedEndpoint, failedNames) = (ex, move.Home.Connection.EndpointText, move.Names.Count);
                }
            }

            Restore([.. _registry.All().Where(subscription => subscription.ServerNames.Any(moved[(int)subscription.Kind].Contains))], DateTimeOffset.UtcNow);
        }
        finally
        {
            _gate.Release();
        }

        if (failure is null)
        {
            Volatile.Write(ref _failedReconciles, 0);
            return;
        }

        var attempt = Interlocked.Increment(ref _failedReconciles);
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 10))));
        Log.SubscriptionMoveFailed(_logger, failedEndpoint, failedNames, (long)delay.TotalMilliseconds, failure.Message);
        topology.RequestRefresh();
        ScheduleReconcile(delay);
    }

    /// <summary>For every node, the names of each kind it must hold now.</summary>
    private Dictionary<RedisNode, HashSet<RedisValue>[]> WantedPlacement()
    {
        var wanted = new Dictionary<RedisNode, HashSet<RedisValue>[]>(ReferenceEqualityComparer.Instance);
        foreach (var kind in (ReadOnlySpan<SubscriptionKind>)[SubscriptionKind.Channel, SubscriptionKind.Pattern, SubscriptionKind.Shard])
        {
            foreach (var name in _registry.Names(kind))
            {
                foreach (var node in TargetsOf(kind, name))
                {
                    if (!wanted.TryGetValue(node, out var kinds))
                    {
                        wanted[node] = kinds = [[], [], []];
                    }

                    kinds[(int)kind].Add(name);
                }
            }
        }

        return wanted;
    }

    /// <summary>Drops the homes of retired nodes and unsubscribes names held where they no longer belong (without waiting).</summary>
    private void DropStale(ITopologyProvider topology, Dictionary<RedisNode, HashSet<RedisValue>[]> wanted)
    {
        var nodes = topology.Nodes;
        var stale = new List<(Connection Connection, SubscriptionKind Kind, List<RedisValue> Names)>();
        lock (_homesLock)
        {
            foreach (var home in _homes.Values.ToList())
            {
                if (!nodes.Contains(home.Node))
                {
                    // Its connections are closed, or closing: nothing to unsubscribe there.
                    _homes.Remove(home.Node);
                    home.Connection.ReconnectPreamble = null;
                    continue;
                }

                wanted.TryGetValue(home.Node, out var kinds);
                for (var kind = 0; kind < 3; kind++)
                {
                    var extra = home.Names((SubscriptionKind)kind).Where(name => kinds is null || !kinds[kind].Contains(name)).ToList();
                    extra.ForEach(name => home.Remove((SubscriptionKind)kind, name));
                    stale.AddRange(BySlot((SubscriptionKind)kind, extra).Select(names => (home.Connection, (SubscriptionKind)kind, names)));
                }
            }
        }

        foreach (var (connection, kind, names) in stale)
        {
            _ = UnsubscribeAsync(connection, kind, names);
        }
    }
}
