using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Caching;

/// <summary>
/// The client-side cache drops everything when the server's word can no longer be trusted or everything
/// changed: a lost tracking connection, FLUSHALL and FLUSHDB. On a server of its own (it kills
/// connections and flushes).
/// </summary>
[TestFixture(RedisProtocol.Resp3)]
[TestFixture(RedisProtocol.Resp2)]
[NonParallelizable]
public sealed class ClientCacheFlushTests(RedisProtocol protocol) : DedicatedServerTests
{
    [Test]
    public async Task A_lost_tracking_connection_flushes_the_cache_and_a_value_changed_meanwhile_is_read_anew()
    {
        await using var client = await ConnectAsync();
        var keys = await CacheKeysAsync(client);
        var reconnects = client.ReconnectCount;

        await Server.CliAsync("CLIENT", "KILL", "TYPE", "normal");
        await Server.CliAsync("SET", (string)keys[0]!, "changed while disconnected");
        await WaitUntilAsync(() => client.ReconnectCount > reconnects && client.IsConnected);

        Assert.That(client.ClientCache!.Count, Is.Zero);
        Assert.That((string?)await client.GetAsync(keys[0]), Is.EqualTo("changed while disconnected"));
        Assert.That((string?)await client.GetAsync(keys[1]), Is.EqualTo("before"));
    }

    [TestCase("FLUSHALL")]
    [TestCase("FLUSHDB")]
    public async Task A_flush_by_another_client_flushes_the_cache(string flush)
    {
        await using var client = await ConnectAsync();
        var keys = await CacheKeysAsync(client);

        await Server.CliAsync(flush);
        await WaitUntilAsync(() => client.ClientCache!.Count == 0);

        Assert.That((await client.GetAsync(keys[0])).IsNull, Is.True);
    }

    [Test]
    public async Task Under_resp2_a_dropped_invalidation_connection_flushes_the_cache_and_tracking_is_redirected_to_its_successor()
    {
        if (protocol != RedisProtocol.Resp2)
        {
            Assert.Ignore("RESP3 connections receive their own invalidations: there is no invalidation connection.");
        }

        await using var client = await ConnectAsync();
        await using var other = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port));
        var key = TestClients.Key("redirect");
        await client.SetAsync(key, "before");
        _ = await client.GetAsync(key);
        Assert.That(client.ClientCache!.Count, Is.EqualTo(1));
        var invalidations = client.Nodes[0].InvalidationConnection!;
        var id = invalidations.Handshake!.ConnectionId!.Value;

        await Server.CliAsync("CLIENT", "KILL", "ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WaitUntilAsync(() => invalidations.IsConnected && invalidations.Handshake?.ConnectionId != id && client.IsConnected);

        Assert.That(client.ClientCache.Count, Is.Zero, "flushed when the invalidation connection dropped");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        Assert.That(client.ClientCache.Hits, Is.GreaterThanOrEqualTo(1), "caching again after the redirect");

        var before = client.ClientCache.Invalidations;
        await other.SetAsync(key, "after");
        await WaitUntilAsync(() => client.ClientCache.Invalidations > before);
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("after"), "invalidations reach the new invalidation connection");
    }

    private Task<RedisClient> ConnectAsync() =>
        RedisClient.ConnectAsync(QuickReconnect(Server.Port) with { Protocol = protocol, ClientCache = new ClientCacheOptions() }, TestClients.Logs);

    // Five keys written "before" and read once each, so the cache holds all five.
    private static async Task<RedisKey[]> CacheKeysAsync(RedisClient client)
    {
        var keys = Enumerable.Range(0, 5).Select(i => (RedisKey)TestClients.Key($"k{i}")).ToArray();
        foreach (var key in keys)
        {
            await client.SetAsync(key, "before");
            _ = await client.GetAsync(key);
        }

        Assert.That(client.ClientCache!.Count, Is.EqualTo(keys.Length));
        return keys;
    }
}
