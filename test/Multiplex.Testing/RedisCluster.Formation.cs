using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// How the six nodes become a cluster with the server's own commands (the steps of
/// <c>redis-cli --cluster create</c>: slots, config epochs, MEET, REPLICATE), and the health check that
/// decides when a cluster is ready, at start and after a restart.
/// Spec: https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/ and the cluster specification.
/// </summary>
public sealed partial class RedisCluster
{
    private const int PrimaryCount = NodeCount / 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private static List<string> NodeConfig(RedisClusterOptions options, TlsCertificates? certificates)
    {
        List<string> lines =
        [
            "cluster-enabled yes",
            "cluster-config-file nodes.conf",
            string.Create(CultureInfo.InvariantCulture, $"cluster-node-timeout {options.NodeTimeout.TotalMilliseconds:0}"),
        ];
        if (certificates is not null)
        {
            // The nodes reach each other over TLS (bus, replication, MIGRATE) and present the client
            // certificate, which a peer requiring client certificates accepts (the server one is for
            // serverAuth only).
            lines.AddRange(
            [
                "tls-cluster yes",
                "tls-replication yes",
                "tls-client-cert-file " + RedisConfig.Quote(certificates.ClientCertificatePath),
                "tls-client-key-file " + RedisConfig.Quote(certificates.ClientKeyPath),
            ]);
        }

        return lines;
    }

    private async Task FormAsync(CancellationToken cancellationToken)
    {
        var ids = await Task.WhenAll(Nodes.Select(node => AdminOf(node).TextAsync(["CLUSTER", "MYID"], cancellationToken)));
        foreach (var (node, id) in Nodes.Zip(ids))
        {
            _ids[node] = id;
        }

        // Three even slot ranges for the first three nodes, and a distinct config epoch per node (as
        // redis-cli --cluster create sets them) so the nodes have no epoch collisions to resolve.
        await Task.WhenAll(Nodes.Select((node, index) => AdminOf(node).PipelineAsync(FormingCommands(index), cancellationToken)));

        // Every pair meets directly (each node meets the ones after it): gossip alone would take about a
        // second per hop to spread the nodes one node met, since a node pings a random peer once a second.
        await Task.WhenAll(Nodes.Select((node, index) => AdminOf(node).PipelineAsync(
            [.. Nodes.Skip(index + 1).Select(peer => new[] { "CLUSTER", "MEET", peer.Host, Number(PeerPort(peer)), Number(PeerPort(peer) + FreePorts.ClusterBusOffset) })],
            cancellationToken)));
        await Poll.UntilAsync("cluster handshake", () => CheckAllKnownAsync(cancellationToken), ReadyTimeout, StatePollInterval, Nodes, cancellationToken);
        await Task.WhenAll(Nodes.Skip(PrimaryCount).Select((replica, index) =>
            AdminOf(replica).CommandAsync(["CLUSTER", "REPLICATE", _ids[Nodes[index]]], cancellationToken)));
        await WaitUntilHealthyAsync("cluster", cancellationToken);
    }

    private static List<string[]> FormingCommands(int index)
    {
        List<string[]> commands = [["CLUSTER", "SET-CONFIG-EPOCH", Number(index + 1)]];
        if (index < PrimaryCount)
        {
            commands.Add(["CLUSTER", "ADDSLOTSRANGE",
                Number(index * SlotCount / PrimaryCount), Number(((index + 1) * SlotCount / PrimaryCount) - 1)]);
        }

        return commands;
    }

    private async Task<string?> CheckAllKnownAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes)
        {
            var view = await ViewAsync(node, cancellationToken);
            if (view.Nodes.Count != NodeCount || view.Nodes.Any(known => known.Flags.Contains("handshake")))
            {
                return $"{node.Name} knows {view.Nodes.Count(known => !known.Flags.Contains("handshake"))} of {NodeCount} nodes";
            }
        }

        return null;
    }

    private Task WaitUntilHealthyAsync(string what, CancellationToken cancellationToken) =>
        Poll.UntilAsync(what, () => CheckHealthyAsync(cancellationToken), ReadyTimeout, StatePollInterval, Nodes, cancellationToken);

    /// <summary>Null once all six nodes run, see all slots served and every node healthy, agree on the roles and each replica's link is up; what is missing otherwise.</summary>
    private async Task<string?> CheckHealthyAsync(CancellationToken cancellationToken)
    {
        if (Running.Count != NodeCount)
        {
            return $"{Running.Count} of {NodeCount} nodes run";
        }

        var replies = await Task.WhenAll(Nodes.Select(node => AdminOf(node).PipelineAsync(
            [["CLUSTER", "INFO"], ["CLUSTER", "NODES"], ["INFO", "replication"]], cancellationToken)));
        var views = new List<ClusterView>();
        foreach (var (node, reply) in Nodes.Zip(replies))
        {
            var info = RedisCli.ParseFields(reply[0].RequireText());
            var view = ClusterView.Parse(reply[1].RequireText());
            var replication = RedisCli.ParseFields(reply[2].RequireText());
            views.Add(view);
            if (info.GetValueOrDefault("cluster_state") != "ok"
                || info.GetValueOrDefault("cluster_slots_assigned") != Number(SlotCount))
            {
                return $"{node.Name}: cluster_state:{info.GetValueOrDefault("cluster_state")} slots:{info.GetValueOrDefault("cluster_slots_assigned")}";
            }

            var unsettled = view.Nodes.FirstOrDefault(known => known.IsUnsettled);
            if (view.Nodes.Count != NodeCount || unsettled is not null)
            {
                return $"{node.Name} knows {view.Nodes.Count} nodes"
                       + (unsettled is null ? string.Empty : $", {unsettled.Address} flagged {string.Join(',', unsettled.Flags)}");
            }

            if (replication.GetValueOrDefault("role") == "slave" && replication.GetValueOrDefault("master_link_status") != "up")
            {
                return $"{node.Name}: replica link not up";
            }
        }

        var primaryIds = views.Where(view => view.Myself.IsPrimary).Select(view => view.Myself.Id).ToHashSet();
        if (primaryIds.Count != PrimaryCount)
        {
            return $"{primaryIds.Count} nodes call themselves primary";
        }

        foreach (var (node, view) in Nodes.Zip(views))
        {
            if (view.Nodes.FirstOrDefault(known => known.IsPrimary != primaryIds.Contains(known.Id)) is { } stale)
            {
                return $"{node.Name} does not yet see {ServerById(stale.Id).Name} in its new role";
            }
        }

        ApplyRoles(Nodes, views);
        return null;
    }
}
