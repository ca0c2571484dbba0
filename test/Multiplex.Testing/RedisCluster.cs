using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A six-node Redis Cluster (three primaries, one replica each) made with
/// <c>redis-cli --cluster create</c>; ready when every node sees all slots covered and all six nodes.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    /// <summary>Nodes in the cluster: three primaries and three replicas.</summary>
    public const int NodeCount = 6;

    /// <summary>Hash slots in a Redis Cluster (cluster spec).</summary>
    public const int SlotCount = 16384;

    private const string NodeTimeoutMilliseconds = "5000";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;

    private RedisCluster(string directory, IReadOnlyList<RedisServer> nodes)
    {
        _directory = directory;
        Nodes = nodes;
    }

    /// <summary>All six nodes, in start order.</summary>
    public IReadOnlyList<RedisServer> Nodes { get; }

    /// <summary>The nodes that serve slots (known once the cluster is ready).</summary>
    public IReadOnlyList<RedisServer> Primaries { get; private set; } = [];

    /// <summary>The replica nodes (known once the cluster is ready).</summary>
    public IReadOnlyList<RedisServer> Replicas { get; private set; } = [];

    /// <summary>Every node's <c>host:port</c>, to seed a cluster client.</summary>
    public IReadOnlyList<string> SeedEndpoints => [.. Nodes.Select(node => node.Endpoint)];

    /// <summary>Starts six nodes, creates the cluster and waits until it is fully formed.</summary>
    public static async Task<RedisCluster> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisServerOptions();
        var directory = FixtureDirectory.Create("cluster");
        var nodes = new List<RedisServer>();
        try
        {
            string[] clusterConfig =
            [
                "cluster-enabled yes",
                "cluster-config-file nodes.conf",
                "cluster-node-timeout " + NodeTimeoutMilliseconds,
            ];
            var started = Enumerable.Range(0, NodeCount).Select(_ =>
                RedisServer.StartCoreAsync(options, "node", directory, clusterConfig, clusterBus: true, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(started);
            }
            finally
            {
                nodes.AddRange(started.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }

            var cluster = new RedisCluster(directory, nodes);
            await nodes[0].CliAsync(["--cluster", "create", .. cluster.SeedEndpoints, "--cluster-replicas", "1", "--cluster-yes"]);
            await Poll.UntilAsync("cluster", cluster.CheckReadyAsync, ReadyTimeout, nodes, cancellationToken);
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            FixtureDirectory.TryDelete(directory);
            throw;
        }
    }

    /// <summary>Stops every node and deletes the cluster's directory.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        FixtureDirectory.TryDelete(_directory);
    }

    private async Task<string?> CheckReadyAsync()
    {
        var primaries = new List<RedisServer>();
        var replicas = new List<RedisServer>();
        foreach (var node in Nodes)
        {
            var info = RedisCli.ParseFields(await node.CliAsync("CLUSTER", "INFO"));
            if (info.GetValueOrDefault("cluster_state") != "ok"
                || info.GetValueOrDefault("cluster_slots_assigned") != "16384"
                || info.GetValueOrDefault("cluster_known_nodes") != "6")
            {
                return $"{node.Name}: cluster_state:{info.GetValueOrDefault("cluster_state")} " +
                       $"slots:{info.GetValueOrDefault("cluster_slots_assigned")} known:{info.GetValueOrDefault("cluster_known_nodes")}";
            }

            var known = (await node.CliAsync("CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (known.Length != NodeCount || known.Any(line => line.Contains("handshake", StringComparison.Ordinal) || line.Contains("fail", StringComparison.Ordinal)))
            {
                return $"{node.Name} does not know all nodes yet";
            }

            var replication = RedisCli.ParseFields(await node.CliAsync("INFO", "replication"));
            if (replication.GetValueOrDefault("role") == "slave")
            {
                if (replication.GetValueOrDefault("master_link_status") != "up")
                {
                    return $"{node.Name}: replica link not up";
                }

                replicas.Add(node);
            }
            else
            {
                primaries.Add(node);
            }
        }

        if (primaries.Count != NodeCount / 2)
        {
            return $"{primaries.Count} primaries";
        }

        Primaries = primaries;
        Replicas = replicas;
        return null;
    }
}
