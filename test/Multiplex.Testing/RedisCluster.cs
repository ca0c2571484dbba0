using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A six-node Redis Cluster on loopback: three primaries with one replica each, formed with the
/// server's own commands (ADDSLOTSRANGE, MEET, REPLICATE) and ready when every node reports all slots
/// covered, knows all six nodes as healthy and agrees with the others on who is primary. The shared one
/// (<see cref="SharedServers.ClusterAsync"/>) is for tests that leave it as they found it; a test that
/// reshards, fails over or kills nodes starts its own and disposes it. The fixture talks to each node
/// over one kept-open connection. Partial files: forming and health (<c>RedisCluster.Formation.cs</c>),
/// slots and migrations (<c>RedisCluster.Slots.cs</c>), failovers and kills (<c>RedisCluster.Failover.cs</c>),
/// server statistics (<c>RedisCluster.Stats.cs</c>).
/// Spec: https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/
/// </summary>
public sealed partial class RedisCluster : IAsyncDisposable
{
    /// <summary>Nodes in the cluster: three primaries and three replicas.</summary>
    public const int NodeCount = 6;

    /// <summary>Hash slots in a Redis Cluster (cluster spec).</summary>
    public const int SlotCount = 16384;

    // A check is a few commands per node over kept-open connections (well under a millisecond each),
    // so polling often is cheap and takes at most this much off every wait.
    private static readonly TimeSpan StatePollInterval = TimeSpan.FromMilliseconds(20);

    private readonly string _directory;
    private readonly Dictionary<RedisServer, AdminConnection> _admin;
    private readonly Dictionary<RedisServer, string> _ids = [];
    private Dictionary<RedisServer, RedisServer> _primaryOfReplica = [];

    private RedisCluster(string directory, IReadOnlyList<RedisServer> nodes, RedisClusterOptions options, TlsCertificates? certificates)
    {
        _directory = directory;
        Nodes = nodes;
        Options = options;
        Certificates = certificates;
        _admin = nodes.ToDictionary(node => node, node => new AdminConnection(node));
    }

    /// <summary>All six nodes, in start order (the first three started as primaries).</summary>
    public IReadOnlyList<RedisServer> Nodes { get; }

    /// <summary>The options the cluster was started with.</summary>
    public RedisClusterOptions Options { get; }

    /// <summary>The CA, server and client certificates every node uses when TLS is on; null otherwise.</summary>
    public TlsCertificates? Certificates { get; }

    /// <summary>The running nodes that are primaries, as of the start or the last <see cref="RefreshRolesAsync"/> (failovers, kills and restarts refresh it).</summary>
    public IReadOnlyList<RedisServer> Primaries { get; private set; } = [];

    /// <summary>The running nodes that are replicas, as of the start or the last <see cref="RefreshRolesAsync"/>.</summary>
    public IReadOnlyList<RedisServer> Replicas { get; private set; } = [];

    /// <summary>Every node's plain <c>host:port</c>, to seed a cluster client (the nodes then announce plain ports).</summary>
    public IReadOnlyList<string> SeedEndpoints => [.. Nodes.Select(node => node.Endpoint)];

    /// <summary>
    /// Every node's TLS <c>host:port</c> when TLS is on (empty otherwise). Over TLS connections the nodes
    /// announce their TLS ports (CLUSTER SLOTS, SHARDS, MOVED), over plain ones their plain ports.
    /// </summary>
    public IReadOnlyList<string> TlsSeedEndpoints =>
        [.. Nodes.Where(node => node.TlsPort is not null).Select(node => string.Create(CultureInfo.InvariantCulture, $"{node.Host}:{node.TlsPort}"))];

    private IReadOnlyList<RedisServer> Running => [.. Nodes.Where(node => node.ProcessId != 0)];

    /// <summary>Starts a cluster whose nodes use <paramref name="options"/> and the default node timeout.</summary>
    public static Task<RedisCluster> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new RedisClusterOptions { Server = options ?? new RedisServerOptions() }, cancellationToken);

    /// <summary>Starts six nodes, forms the cluster and waits until it is fully formed.</summary>
    public static async Task<RedisCluster> StartAsync(RedisClusterOptions options, CancellationToken cancellationToken = default)
    {
        var directory = FixtureDirectory.Create("cluster");
        var nodes = new List<RedisServer>();
        RedisCluster? cluster = null;
        try
        {
            var certificates = options.Server.Tls
                ? await TlsCertificates.CreateAsync(Path.Combine(directory, "tls"), cancellationToken)
                : null;
            var config = NodeConfig(options, certificates);
            var started = Enumerable.Range(0, NodeCount).Select(_ => RedisServer.StartCoreAsync(
                options.Server, "node", directory, config, clusterBus: true, certificates, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(started);
            }
            finally
            {
                nodes.AddRange(started.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }

            cluster = new RedisCluster(directory, nodes, options, certificates);
            await cluster.FormAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                foreach (var node in nodes)
                {
                    await node.DisposeAsync();
                }

                FixtureDirectory.TryDelete(directory);
            }

            throw;
        }
    }

    /// <summary>The node's cluster id (its CLUSTER MYID, kept across restarts in nodes.conf).</summary>
    public string NodeIdOf(RedisServer node) =>
        _ids.TryGetValue(node, out var id) ? id : throw new ArgumentException($"{node.Name} is not a node of this cluster.", nameof(node));

    /// <summary>The replica of <paramref name="primary"/>, as of the last role refresh.</summary>
    public RedisServer ReplicaOf(RedisServer primary) =>
        _primaryOfReplica.FirstOrDefault(pair => pair.Value == primary).Key
        ?? throw new InvalidOperationException($"{primary.Name} has no replica as of the last role refresh.");

    /// <summary>The primary <paramref name="replica"/> replicates, as of the last role refresh.</summary>
    public RedisServer PrimaryOf(RedisServer replica) =>
        _primaryOfReplica.TryGetValue(replica, out var primary)
            ? primary
            : throw new InvalidOperationException($"{replica.Name} is not a replica as of the last role refresh.");

    /// <summary>
    /// Reads every running node's own role (its line in its CLUSTER NODES) into <see cref="Primaries"/>,
    /// <see cref="Replicas"/>, <see cref="ReplicaOf"/> and <see cref="PrimaryOf"/>.
    /// </summary>
    public async Task RefreshRolesAsync(CancellationToken cancellationToken = default)
    {
        var running = Running;
        ApplyRoles(running, await Task.WhenAll(running.Select(node => ViewAsync(node, cancellationToken))));
    }

    /// <summary>Stops every node and deletes the cluster's directory.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _admin.Values)
        {
            await connection.DisposeAsync();
        }

        await Task.WhenAll(Nodes.Select(node => node.DisposeAsync().AsTask()));
        FixtureDirectory.TryDelete(_directory);
    }

    private void ApplyRoles(IReadOnlyList<RedisServer> nodes, IReadOnlyList<ClusterView> views)
    {
        var selves = nodes.Zip(views, (node, view) => (Node: node, Myself: view.Myself)).ToList();
        Primaries = [.. selves.Where(self => self.Myself.IsPrimary).Select(self => self.Node)];
        Replicas = [.. selves.Where(self => self.Myself.IsReplica).Select(self => self.Node)];
        _primaryOfReplica = selves
            .Where(self => self.Myself is { IsReplica: true, PrimaryId: not null })
            .ToDictionary(self => self.Node, self => ServerById(self.Myself.PrimaryId!));
    }

    private AdminConnection AdminOf(RedisServer node) => _admin[node];

    private async Task<ClusterView> ViewAsync(RedisServer node, CancellationToken cancellationToken) =>
        ClusterView.Parse(await AdminOf(node).TextAsync(["CLUSTER", "NODES"], cancellationToken));

    private RedisServer ServerById(string id) =>
        _ids.FirstOrDefault(pair => pair.Value == id).Key ?? throw new InvalidOperationException($"No node of this cluster has id {id}.");

    /// <summary>The port the nodes reach each other on: the TLS one under <c>tls-cluster yes</c>.</summary>
    private int PeerPort(RedisServer node) => Certificates is null ? node.Port : node.TlsPort!.Value;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
