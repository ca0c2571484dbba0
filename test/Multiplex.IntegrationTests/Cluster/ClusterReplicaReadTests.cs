using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>Reads sent to replicas when the options say so; writes always to the primaries.</summary>
[Category("Cluster")]
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ClusterReplicaReadTests(ServerKind kind) : ServerTestBase
{
    private const int KeyCount = 100;
    private static readonly TimeSpan ReplicationWait = TimeSpan.FromSeconds(10);

    [TestCase(ReplicaReads.PreferReplica)]
    [TestCase(ReplicaReads.ReplicaOnly)]
    public async Task Reads_go_to_replicas_and_writes_to_primaries(ReplicaReads reads)
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind, options => options with { Cluster = new ClusterOptions { ReplicaReads = reads } });
        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(10));
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("replica")}:{i}").ToArray();
        var setsBefore = await ClusterClients.CallsAsync(cluster.Primaries, "set");
        foreach (var key in keys)
        {
            await client.SetAsync(key, "v");
        }

        await UntilReplicatedAsync(cluster, keys);
        var replicaGetsBefore = await ClusterClients.CallsAsync(cluster.Replicas, "get");
        var primaryGetsBefore = await ClusterClients.CallsAsync(cluster.Primaries, "get");
        var values = new List<string?>();
        foreach (var key in keys)
        {
            values.Add((string?)await client.GetAsync(key));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(values, Is.All.EqualTo("v"));
            Assert.That(await ClusterClients.CallsAsync(cluster.Replicas, "get") - replicaGetsBefore, Is.EqualTo(KeyCount), "GETs served by replicas");
            Assert.That(await ClusterClients.CallsAsync(cluster.Primaries, "get"), Is.EqualTo(primaryGetsBefore), "GETs served by primaries");
            Assert.That(await ClusterClients.CallsAsync(cluster.Primaries, "set") - setsBefore, Is.EqualTo(KeyCount), "SETs served by primaries");
            Assert.That(client.GetNodes().Count(node => node.IsReplica), Is.EqualTo(cluster.Replicas.Count));
        });
    }

    [Test]
    public async Task Lowest_latency_measures_every_node_and_reads_correctly()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind, options => options with { Cluster = new ClusterOptions { ReplicaReads = ReplicaReads.LowestLatency } });
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("latency")}:{i}").ToArray();
        foreach (var key in keys)
        {
            await client.SetAsync(key, "v");
        }

        await UntilReplicatedAsync(cluster, keys);
        var deadline = DateTime.UtcNow + ReplicationWait;
        while (client.Nodes.Any(node => node.RoundTrip is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var values = new List<string?>();
        foreach (var key in keys)
        {
            values.Add((string?)await client.GetAsync(key));
        }

        Assert.Multiple(() =>
        {
            Assert.That(client.Nodes.Select(node => node.RoundTrip), Is.All.Not.Null, "every node was measured");
            Assert.That(client.Nodes, Has.Count.EqualTo(RedisCluster.NodeCount));
            Assert.That(values, Is.All.EqualTo("v"));
        });
    }

    /// <summary>Waits until every replica has every key (asked directly, with READONLY).</summary>
    private static async Task UntilReplicatedAsync(RedisCluster cluster, IReadOnlyList<string> keys)
    {
        var deadline = DateTime.UtcNow + ReplicationWait;
        foreach (var replica in cluster.Replicas)
        {
            await using var raw = await RawRespConnection.ConnectAsync(replica.Host, replica.Port);
            await raw.CommandAsync(["READONLY"]);
            foreach (var key in keys)
            {
                while (true)
                {
                    var reply = await raw.CommandAsync(["GET", key]);
                    if (reply is null || reply.StartsWith("-MOVED", StringComparison.Ordinal) || reply == "v" || DateTime.UtcNow > deadline)
                    {
                        break; // not this replica's shard, replicated, or given up (the assertions then say why)
                    }

                    await Task.Delay(10);
                }
            }
        }
    }
}
