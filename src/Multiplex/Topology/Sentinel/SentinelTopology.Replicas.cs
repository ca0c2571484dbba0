using System.Globalization;
using Multiplex.Connections;

namespace Multiplex.Topology.Sentinel;

/// <summary>
/// Reads from replicas (<see cref="ClusterOptions.ReplicaReads"/>, connection-string key <c>replicaReads</c>,
/// the same option as in a cluster): the replicas <c>SENTINEL REPLICAS</c> lists as up, refreshed after
/// every discovery and every few seconds; only commands the server flags read-only go there.
/// </summary>
internal sealed partial class SentinelTopology
{
    private static readonly TimeSpan ReplicaRefreshPeriod = TimeSpan.FromSeconds(5);

    private RedisNode[] _replicas = NoNodes;
    private long _replicasRefreshedAt;
    private uint _nextReplica;

    private bool ReadsMayGoToReplicas => _options.Cluster.ReplicaReads != ReplicaReads.PrimaryOnly;

    /// <summary>The replica a read goes to by the option, or null for the primary.</summary>
    private RedisNode? ReplicaFor(PendingCommand command)
    {
        var replicas = Volatile.Read(ref _replicas);
        if (!ReadsMayGoToReplicas || replicas.Length == 0 || !command.Command.IsReadOnly || command.Parts is not null)
        {
            return null;
        }

        for (var tried = 0; tried < replicas.Length; tried++)
        {
            var replica = replicas[Interlocked.Increment(ref _nextReplica) % (uint)replicas.Length];
            if (replica.IsConnected)
            {
                return replica;
            }
        }

        // None connected: ReplicaOnly waits on one; the others read from the primary.
        return _options.Cluster.ReplicaReads == ReplicaReads.ReplicaOnly ? replicas[0] : null;
    }

    /// <summary>Asks a sentinel for the replicas of the primary and keeps nodes for the ones it lists as up.</summary>
    private async Task RefreshReplicasAsync(CancellationToken cancellationToken)
    {
        if (!ReadsMayGoToReplicas)
        {
            return;
        }

        Volatile.Write(ref _replicasRefreshedAt, Environment.TickCount64);
        SentinelLink[] links;
        lock (_lock)
        {
            links = [.. _sentinels.Where(link => link.Client?.IsConnected == true)];
        }

        foreach (var link in links)
        {
            RedisResult reply;
            try
            {
                reply = await link.Client!.ExecuteAsync("SENTINEL", ["REPLICAS", _service], cancellationToken).ConfigureAwait(false);
            }
            catch (RedisException ex)
            {
                Diagnostics.Log.SentinelQueryFailed(_logger, link.Endpoint.ToString(), _service, ex.Message);
                continue;
            }

            UseReplicas(HealthyReplicas(reply));
            return;
        }
    }

    /// <summary>The replicas a <c>SENTINEL REPLICAS</c> reply lists, without those flagged down or disconnected.</summary>
    private static List<RedisEndpoint> HealthyReplicas(RedisResult reply)
    {
        var endpoints = new List<RedisEndpoint>();
        foreach (var replica in reply.IsAggregate ? reply.Elements : [])
        {
            var fields = Fields(replica);

            var flags = fields.GetValueOrDefault("flags", string.Empty).Split(',');
            if (flags.Any(flag => flag is "s_down" or "o_down" or "disconnected")
                || fields.GetValueOrDefault("master-link-status") is "err"
                || !fields.TryGetValue("ip", out var ip)
                || !int.TryParse(fields.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                continue;
            }

            endpoints.Add(RedisEndpoint.Tcp(ip, port));
        }

        return endpoints;
    }

    /// <summary>Makes nodes for new replicas and retires the ones no longer listed (or now the primary).</summary>
    private void UseReplicas(List<RedisEndpoint> endpoints)
    {
        var added = new List<RedisNode>();
        var removed = new List<RedisNode>();
        lock (_lock)
        {
            if (Volatile.Read(ref _disposed) != 0 || _primary is not { } primary)
            {
                return;
            }

            endpoints.Remove(primary.Endpoint);
            var kept = _replicas.Where(node => endpoints.Contains(node.Endpoint)).ToList();
            removed.AddRange(_replicas.Except(kept));
            foreach (var endpoint in endpoints.Where(endpoint => kept.All(node => node.Endpoint != endpoint)))
            {
                var node = _factory.Create(endpoint, NodeRole.Replica, clusterReplica: false);
                added.Add(node);
                kept.Add(node);
            }

            if (added.Count == 0 && removed.Count == 0)
            {
                return;
            }

            Volatile.Write(ref _replicas, [.. kept]);
            Volatile.Write(ref _nodes, [primary, .. kept]);
            _retiring.AddRange(removed);
        }

        foreach (var node in added)
        {
            node.StartInBackground();
        }

        foreach (var node in removed)
        {
            _ = RetireAsync(node, stopWriting: false);
        }

        Changed?.Invoke();
        if (_factory.Events.WantsTopologyChanges)
        {
            _factory.Events.OnTopologyChanged(new TopologyChangedEventArgs(
                TopologyChangeKind.Replicas, [.. added.Select(node => node.EndpointText)], [.. removed.Select(node => node.EndpointText)]));
        }
    }
}
