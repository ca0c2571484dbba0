using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Caching;

/// <summary>The client-side cache on garnet-server, which does not implement CLIENT TRACKING: the cache turns itself off.</summary>
public sealed class GarnetClientCacheTests : ServerTestBase
{
    [Test]
    public async Task On_a_server_that_refuses_tracking_the_cache_turns_itself_off_and_reads_go_to_the_server()
    {
        await using var client = await TestClients.ConnectAsync(ServerKind.Garnet, options => options with { ClientCache = new ClientCacheOptions() });
        await using var other = await TestClients.ConnectAsync(ServerKind.Garnet);
        var key = TestClients.Key("garnet");
        await client.SetAsync(key, "1");
        _ = await client.GetAsync(key);

        await other.SetAsync(key, "2");

        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("2"), "never a stale value");
        Assert.That(client.ClientCache!.IsEnabled, Is.False);
        Assert.That(client.ClientCache.Hits, Is.Zero);
        Assert.That(client.ClientCache.Count, Is.Zero);
    }
}
