using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>
/// A TLS cluster (<c>tls-cluster yes</c>, client certificates required) through the client with the
/// ordinary TLS options: the slot map's TLS ports are used, so every node is reached over TLS.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public sealed class ClusterTlsTests : ServerTestBase
{
    private const int KeyCount = 300;

    private RedisCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await RedisCluster.StartAsync(new RedisServerOptions { Tls = true, TlsAuthClients = true });

    [OneTimeTearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task Keys_of_every_slot_owner_are_written_and_read_over_tls_without_redirects()
    {
        var certificates = _cluster.Certificates!;
        var options = new RedisClientOptions
        {
            Endpoints = [.. _cluster.TlsSeedEndpoints.Take(2).Select(RedisEndpoint.Parse)],
            Tls = TestClients.TlsFromFiles(certificates),
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("tls-cluster")}:{i}").ToArray();
        var movedBefore = await ClusterClients.RedirectsAsync(_cluster.Nodes, "MOVED");
        foreach (var key in keys)
        {
            await client.SetAsync(key, key);
        }

        var values = await client.MGetAsync([.. keys.Select(key => (RedisKey)key)]);
        var tlsPorts = _cluster.Primaries.Select(primary => primary.TlsPort).ToHashSet();

        Assert.Multiple(async () =>
        {
            Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Cluster));
            Assert.That(values.Select(value => (string?)value), Is.EqualTo(keys), "MGET over every owner, in caller order");
            Assert.That(client.GetNodes().Select(node => (int?)node.Endpoint.Port), Is.EquivalentTo(tlsPorts), "each primary reached on its TLS port");
            Assert.That(await ClusterClients.RedirectsAsync(_cluster.Nodes, "MOVED"), Is.EqualTo(movedBefore), "routed directly, not by redirect");
        });
    }
}
