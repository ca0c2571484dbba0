using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Caching;

/// <summary>
/// Opt-in tracking: the server remembers only the keys of the reads the cache stores, so reads the cache
/// turns away (once full, a key not read lately) cost the server no tracking and bring no invalidations
/// later. On a server of its own: the count of tracked keys is the server's, for every client.
/// </summary>
[TestFixture(RedisProtocol.Resp3)]
[TestFixture(RedisProtocol.Resp2)]
[NonParallelizable]
public sealed class ClientCacheTrackingTests(RedisProtocol protocol) : DedicatedServerTests
{
    private const int MaxEntries = 10;
    private const int ReadOnce = 200;

    [Test]
    public async Task The_server_tracks_the_keys_the_cache_stores_and_not_those_it_turns_away()
    {
        await using var client = await RedisClient.ConnectAsync(
            QuickReconnect(Server.Port) with { Protocol = protocol, ClientCache = new ClientCacheOptions { MaxEntries = MaxEntries } },
            TestClients.Logs);
        await using var writer = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port));
        var stored = Enumerable.Range(0, MaxEntries).Select(i => (RedisKey)TestClients.Key($"stored{i}")).ToArray();
        var once = Enumerable.Range(0, ReadOnce).Select(i => (RedisKey)TestClients.Key($"once{i}")).ToArray();
        foreach (var key in stored.Concat(once))
        {
            await writer.SetAsync(key, "v");
        }

        var trackedBefore = await TrackedKeysAsync();
        foreach (var key in stored)
        {
            _ = await client.GetAsync(key);
        }

        Assert.That(client.ClientCache!.Count, Is.EqualTo(MaxEntries), "filled while it had room");
        foreach (var key in once)
        {
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("v"));
        }

        Assert.That(client.ClientCache.Count, Is.EqualTo(MaxEntries), "each read once, once full: turned away");
        // The admission filter's rare false positive stores a key read once (evicting another): the
        // server tracks exactly the keys stored, never the reads turned away.
        var storedCount = MaxEntries + client.ClientCache.Evictions;
        Assert.That(client.ClientCache.Evictions, Is.LessThan(ReadOnce / 10), "reads once, once full, are nearly all turned away");
        var tracked = await TrackedKeysAsync() - trackedBefore;
        Assert.That(tracked, Is.EqualTo(storedCount), $"the server tracks the {storedCount} stored keys only, not the {ReadOnce} read once");

        // The stored keys are tracked: a change by another client reaches the cache. The key changed is
        // one the cache still holds (its read is a hit): the eviction a false positive causes may have
        // taken any of them, and the invalidation of a key no longer held drops nothing.
        RedisKey? held = null;
        foreach (var key in stored)
        {
            var hits = client.ClientCache.Hits;
            _ = await client.GetAsync(key);
            if (client.ClientCache.Hits > hits)
            {
                held = key;
                break;
            }
        }

        Assert.That(held, Is.Not.Null, "a stored key is still held");
        var invalidations = client.ClientCache.Invalidations;
        await writer.SetAsync(held!.Value, "changed");
        await WaitUntilAsync(() => client.ClientCache.Invalidations > invalidations);
        Assert.That((string?)await client.GetAsync(held.Value), Is.EqualTo("changed"));
    }

    private async Task<long> TrackedKeysAsync()
    {
        var info = await Server.CliAsync("INFO", "stats");
        var line = info.Split('\n').Single(line => line.StartsWith("tracking_total_keys:", StringComparison.Ordinal));
        return long.Parse(line["tracking_total_keys:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
