using Multiplex.IntegrationTests.Cluster;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Caching;

/// <summary>The client-side cache on the shared cluster: every primary's connections track the keys read from it.</summary>
[Category("Cluster")]
[TestFixture(ServerKind.RedisResp3)]
[TestFixture(ServerKind.RedisResp2)]
public sealed class ClusterClientCacheTests(ServerKind kind) : ServerTestBase
{
    private const int Keys = 30;

    [Test]
    public async Task Keys_on_every_primary_are_cached_and_invalidated_when_another_client_changes_them()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind, options => options with { ClientCache = new ClientCacheOptions() });
        await using var other = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        var keys = Enumerable.Range(0, Keys).Select(i => (RedisKey)TestClients.Key($"k{i}")).ToArray();
        Assert.That(keys.Select(key => RedisClient.HashSlotOf(key) / 5462).Distinct().Count(), Is.GreaterThan(1), "keys spread over primaries");
        foreach (var key in keys)
        {
            await other.SetAsync(key, "before");
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        }

        Assert.That(client.ClientCache!.Hits, Is.EqualTo(Keys));
        var invalidations = client.ClientCache.Invalidations;

        foreach (var key in keys)
        {
            await other.SetAsync(key, "after");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (client.ClientCache.Invalidations < invalidations + Keys && watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(10);
        }

        Assert.That(client.ClientCache.Invalidations, Is.GreaterThanOrEqualTo(invalidations + Keys), "every primary's invalidations arrived");
        foreach (var key in keys)
        {
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("after"));
        }
    }
}
