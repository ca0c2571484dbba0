using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

[Category("Cluster")]
public sealed class ClusterTests : ServerTestBase
{
    [Test]
    public async Task Cluster_reports_all_slots_covered()
    {
        var cluster = await SharedServers.ClusterAsync();

        foreach (var node in cluster.Nodes)
        {
            var info = await node.CliAsync("CLUSTER", "INFO");
            Assert.That(info, Does.Contain("cluster_state:ok").And.Contain("cluster_slots_assigned:16384"), node.Name);
        }
    }

    [Test]
    public async Task Cluster_has_three_primaries_each_with_one_replica()
    {
        var cluster = await SharedServers.ClusterAsync();

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Nodes, Has.Count.EqualTo(6));
            Assert.That(cluster.Primaries, Has.Count.EqualTo(3));
            Assert.That(cluster.Replicas, Has.Count.EqualTo(3));
            Assert.That(cluster.SeedEndpoints, Is.Unique.And.Count.EqualTo(6));
        });
        foreach (var primary in cluster.Primaries)
        {
            Assert.That(await primary.CliAsync("INFO", "replication"), Does.Contain("connected_slaves:1"), primary.Name);
        }
    }

    [Test]
    public async Task Cluster_redirects_a_key_owned_by_another_node()
    {
        var cluster = await SharedServers.ClusterAsync();
        var replies = new List<string?>();

        foreach (var primary in cluster.Primaries)
        {
            await using var connection = await RawRespConnection.ConnectAsync(primary.Host, primary.Port);
            replies.Add(await connection.CommandAsync(["GET", "fixture-key"]));
        }

        // Exactly one primary owns the key's slot; the other two answer MOVED.
        Assert.That(replies.Count(reply => reply?.StartsWith("-MOVED", StringComparison.Ordinal) == true), Is.EqualTo(2));
    }
}
