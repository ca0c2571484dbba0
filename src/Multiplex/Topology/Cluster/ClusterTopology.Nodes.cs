using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Topology.Cluster;

/// <summary>The nodes and the slot table: which node serves which slot, and nodes made and retired as the map changes.</summary>
internal sealed partial class ClusterTopology
{
    private static readonly RedisNode[] NoNodes = [];

    private readonly Lock _nodesLock = new();
    private readonly Dictionary<RedisEndpoint, RedisNode> _byEndpoint = [];
    private readonly List<RedisNode> _retiring = [];
    private RedisNode[] _nodes = NoNodes;
    private RedisNode[] _primaries = NoNodes;

    // Indexed by slot; a MOVED reply rewrites one element, a reload replaces the array.
    private ShardNodes?[] _slots = new ShardNodes?[HashSlot.Count];
    private SlotMap? _map;
    private uint _next;

    /// <inheritdoc />
    public event Action? Changed;

    /// <inheritdoc />
    public IReadOnlyList<RedisNode> Nodes => Volatile.Read(ref _nodes);

    /// <inheritdoc />
    public IReadOnlyList<RedisNode> Primaries => Volatile.Read(ref _primaries) is { Length: > 0 } primaries ? primaries : [_seed];

    /// <summary>The primary that owns <paramref name="slot"/>; any primary while the slot is not in the map.</summary>
    private RedisNode PrimaryForSlot(int slot) => Volatile.Read(ref _slots)[slot]?.Primary ?? AnyPrimary();

    /// <summary>The node a command on <paramref name="slot"/> goes to: the primary, or for a read a replica when the options say so.</summary>
    private RedisNode NodeForSlot(int slot, CommandSpec command)
    {
        var shard = Volatile.Read(ref _slots)[slot];
        if (shard is null)
        {
            return AnyPrimary();
        }

        if (_cluster.ReplicaReads == ReplicaReads.PrimaryOnly || !command.IsReadOnly || shard.Replicas.Length == 0)
        {
            return shard.Primary;
        }

        return _cluster.ReplicaReads switch
        {
            ReplicaReads.LowestLatency => shard.Fastest(),
            ReplicaReads.ReplicaOnly => shard.ConnectedReplica() ?? shard.Replicas[0],
            _ => shard.ConnectedReplica() ?? shard.Primary,
        };
    }

    /// <summary>The primaries in turn; the seed while no map is loaded.</summary>
    private RedisNode AnyPrimary()
    {
        var primaries = Volatile.Read(ref _primaries);
        return primaries.Length == 0 ? _seed : primaries[Interlocked.Increment(ref _next) % (uint)primaries.Length];
    }

    /// <summary>The node for <paramref name="endpoint"/>, made (not connected) when the client has none yet.</summary>
    private RedisNode GetOrAddNode(RedisEndpoint endpoint, NodeRole role, out bool added)
    {
        lock (_nodesLock)
        {
            if (_byEndpoint.TryGetValue(endpoint, out var node))
            {
                added = false;
                return node;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            node = _factory.Create(endpoint, role);
            _byEndpoint[endpoint] = node;
            PublishNodes();
            added = true;
            return node;
        }
    }

    /// <summary>
    /// Points <paramref name="slot"/> at <paramref name="endpoint"/> after a MOVED reply, making the node
    /// (and connecting it) when it is new; the shard keeps its replicas when the primary is known.
    /// </summary>
    private RedisNode MoveSlot(int slot, RedisEndpoint endpoint)
    {
        var node = GetOrAddNode(endpoint, NodeRole.Primary, out var added);
        if (added)
        {
            node.StartInBackground();
        }

        var table = Volatile.Read(ref _slots);
        ShardNodes? shard = null;
        foreach (var candidate in table)
        {
            if (candidate is not null && ReferenceEquals(candidate.Primary, node))
            {
                shard = candidate;
                break;
            }
        }

        var previous = Interlocked.Exchange(ref table[slot], shard ?? new ShardNodes(node, NoNodes));
        lock (_nodesLock)
        {
            if (Array.IndexOf(_primaries, node) < 0)
            {
                _primaries = [.. _primaries, node];
            }
        }

        if (!ReferenceEquals(previous?.Primary, node))
        {
            Changed?.Invoke();
            if (_factory.Events.WantsTopologyChanges)
            {
                _factory.Events.OnTopologyChanged(new TopologyChangedEventArgs(TopologyChangeKind.SlotMap, added ? [node.EndpointText] : [], []));
            }
        }

        return node;
    }

    /// <summary>
    /// Makes <paramref name="map"/> the client's: nodes for servers it names (replicas only when reads may
    /// go there), a new slot table (slots the map leaves uncovered keep their previous node), and the
    /// nodes it no longer names retired, their unsent commands sent where they now belong.
    /// </summary>
    /// <returns>The nodes made for it, not connected yet.</returns>
    private List<RedisNode> Apply(SlotMap map, RedisNode source)
    {
        var added = new List<RedisNode>();
        List<RedisNode> removed;
        var ownersChanged = false;
        lock (_nodesLock)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return added;
            }

            var previous = _slots;
            var table = new ShardNodes?[HashSlot.Count];
            var shards = new Dictionary<ClusterShard, ShardNodes>(ReferenceEqualityComparer.Instance);
            for (var slot = 0; slot < table.Length; slot++)
            {
                var shard = map.ShardOf(slot);
                if (shard is null)
                {
                    table[slot] = previous[slot];
                    continue;
                }

                if (!shards.TryGetValue(shard, out var nodes))
                {
                    nodes = new ShardNodes(NodeFor(shard.Primary, NodeRole.Primary, added), ReplicaNodes(shard, added));
                    shards[shard] = nodes;
                }

                table[slot] = nodes;
                ownersChanged |= !ReferenceEquals(previous[slot]?.Primary, nodes.Primary);
            }

            var used = new HashSet<RedisNode>(ReferenceEqualityComparer.Instance);
            foreach (var nodes in table)
            {
                if (nodes is not null && used.Add(nodes.Primary))
                {
                    used.UnionWith(nodes.Replicas);
                }
            }

            removed = [.. _byEndpoint.Values.Where(node => !used.Contains(node))];
            foreach (var node in removed)
            {
                _byEndpoint.Remove(node.Endpoint);
                _retiring.Add(node);
            }

            if (!used.Contains(_seed))
            {
                _seed = table.First(nodes => nodes is not null)?.Primary ?? source;
            }

            _primaries = [.. table.Where(nodes => nodes is not null).Select(nodes => nodes!.Primary).Distinct()];
            _map = map;
            Volatile.Write(ref _slots, table);
            PublishNodes();
        }

        foreach (var node in removed)
        {
            _ = RetireAsync(node);
        }

        if (added.Count > 0 || removed.Count > 0)
        {
            Log.SlotMapChanged(_logger, source.EndpointText, map.Shards.Count,
                string.Join(", ", added.Select(node => node.EndpointText)), string.Join(", ", removed.Select(node => node.EndpointText)));
        }

        if (ownersChanged || added.Count > 0 || removed.Count > 0)
        {
            Changed?.Invoke();
            if (_factory.Events.WantsTopologyChanges)
            {
                _factory.Events.OnTopologyChanged(new TopologyChangedEventArgs(
                    TopologyChangeKind.SlotMap, [.. added.Select(node => node.EndpointText)], [.. removed.Select(node => node.EndpointText)]));
            }
        }

        return added;
    }

    private RedisNode NodeFor(RedisEndpoint endpoint, NodeRole role, List<RedisNode> added)
    {
        if (_byEndpoint.TryGetValue(endpoint, out var node) && (node.Role == role || role == NodeRole.Primary))
        {
            // A replica promoted to primary keeps its node: READONLY is harmless on a primary.
            return node;
        }

        if (node is not null)
        {
            // A primary turned replica that reads go to needs connections that said READONLY.
            _byEndpoint.Remove(endpoint);
            _retiring.Add(node);
            _ = BackgroundWork.Run(() => RetireAsync(node));
        }

        node = _factory.Create(endpoint, role);
        _byEndpoint[endpoint] = node;
        added.Add(node);
        return node;
    }

    private RedisNode[] ReplicaNodes(ClusterShard shard, List<RedisNode> added) =>
        _cluster.ReplicaReads == ReplicaReads.PrimaryOnly || shard.Replicas.Count == 0
            ? NoNodes
            : [.. shard.Replicas.Select(endpoint => NodeFor(endpoint, NodeRole.Replica, added))];

    /// <summary>Publishes the node list (the seed first); called under the lock.</summary>
    private void PublishNodes()
    {
        var seed = _seed;
        var nodes = _byEndpoint.Values.ToList();
        if (seed is not null && nodes.Remove(seed))
        {
            nodes.Insert(0, seed);
        }

        Volatile.Write(ref _nodes, [.. nodes]);
    }

    /// <summary>
    /// Closes a node the map no longer names, once the commands it holds have finished (within a command
    /// timeout). Commands still waiting to be written on it then go where their keys now belong; commands
    /// written and unanswered fail with their outcome unknown.
    /// </summary>
    private async Task RetireAsync(RedisNode node)
    {
        try
        {
            await node.RetireAsync(Reroute, _options.CommandTimeout).ConfigureAwait(false);
        }
        finally
        {
            lock (_nodesLock)
            {
                _retiring.Remove(node);
            }
        }
    }

    /// <summary>Sends a command that was never written on a retired node where it now belongs.</summary>
    private bool Reroute(PendingCommand command)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        var node = command.Parts is null && command.KeySource == command
            ? RouteSingle(command)
            : NodeFor(command);
        node.Enqueue(command, CancellationToken.None);
        return true;
    }

    private RedisNode RouteSingle(PendingCommand command)
    {
        var slot = command.Command.Keys.SlotOf(command.Encoded);
        return slot >= 0 ? NodeForSlot(slot, command.Command) : AnyPrimary();
    }
}
