using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Sentinel;

/// <summary>
/// The client-side cache through a manual failover: the old primary's invalidations stop reaching the
/// client when it follows the new one, so everything read before is dropped at the switch; a value changed
/// on the new primary is never served stale, and the cache fills and is invalidated anew there.
/// </summary>
public sealed partial class SentinelFailoverTests
{
    // Keys read before the failover: half are left alone, half are changed on the new primary after it.
    private const int CachedKeyCount = 10;

    // How long a stale value may take to be replaced (an invalidation push on a loaded machine) before the test gives up.
    private static readonly TimeSpan CacheWait = TimeSpan.FromSeconds(15);

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task A_failover_flushes_the_client_cache_and_a_value_changed_on_the_new_primary_is_never_served_stale(RedisProtocol protocol)
    {
        await using var client = await ConnectCachedAsync(protocol);
        var cache = client.ClientCache!;
        var keys = Enumerable.Range(0, CachedKeyCount).Select(i => TestClients.Key($"cache:{i}")).ToArray();
        var unchanged = keys[..(CachedKeyCount / 2)];
        var changed = keys[(CachedKeyCount / 2)..];
        var busy = TestClients.Key("cache:busy");
        foreach (var key in keys.Append(busy))
        {
            await client.SetAsync(key, "before");
        }

        Assert.That((await _group.Primary.CliAsync("WAIT", "2", "5000")).Trim(), Is.EqualTo("2"), "both replicas hold the values before the primary changes");
        foreach (var key in keys)
        {
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        }

        Assert.That(cache.Count, Is.EqualTo(CachedKeyCount));
        Assert.That(cache.Hits, Is.GreaterThanOrEqualTo(CachedKeyCount), "the second reads were answered from the cache");

        // One key is read all through the failover, so that reads are in flight on the old primary when the
        // client leaves it; the moment the client's primary changes, the cache may hold that key at most.
        using var stop = new CancellationTokenSource(LoadLimit);
        var oldPort = _group.Primary.Port;
        var countAtSwitch = CountWhenPrimaryChangesAsync(client, oldPort, stop.Token);
        var reading = ReadUntilStoppedAsync(client, busy, stop.Token);
        SentinelFailover failover;
        try
        {
            failover = await _group.FailoverAsync(stop.Token);
            Assert.That(await countAtSwitch, Is.InRange(0, 1), "everything read from the old primary was dropped when the client switched");
        }
        finally
        {
            await stop.CancelAsync();
        }

        var readErrors = await reading;
        Assert.That(readErrors, Is.Empty, "reads through the failover saw no error");
        Assert.That(client.GetNodes()[0].Endpoint.Port, Is.EqualTo(failover.NewPrimary.Port), "the client follows the new primary");

        // Changed by another client on the new primary, where the entries read from the old one are not tracked.
        foreach (var key in changed.Append(busy))
        {
            await failover.NewPrimary.CliAsync("SET", key, "after");
        }

        var misses = cache.Misses;
        foreach (var key in unchanged)
        {
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(cache.Misses - misses, Is.EqualTo(unchanged.Length), "entries read before the failover are gone, though their values did not change");
            foreach (var key in changed)
            {
                Assert.That((string?)await client.GetAsync(key), Is.EqualTo("after"), $"{key} read anew from the new primary");
            }

            Assert.That(await ReadUntilAsync(client, busy, "after"), Is.EqualTo("after"), "the key read through the failover is not served stale");
        });

        // Cached again on the new primary, and invalidated by its writes.
        var hits = cache.Hits;
        foreach (var key in changed)
        {
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("after"));
        }

        Assert.That(cache.Hits - hits, Is.EqualTo(changed.Length), "reads are answered from the cache again after the failover");
        foreach (var key in changed)
        {
            await failover.NewPrimary.CliAsync("SET", key, "after again");
        }

        Assert.Multiple(async () =>
        {
            foreach (var key in changed)
            {
                Assert.That(await ReadUntilAsync(client, key, "after again"), Is.EqualTo("after again"), $"{key} invalidated by the new primary");
            }
        });
    }

    private Task<RedisClient> ConnectCachedAsync(RedisProtocol protocol) => RedisClient.ConnectAsync(
        new RedisClientOptions
        {
            Endpoints = [.. _group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = _group.MasterName },
            ClientName = "multiplex-sentinel-cache-tests",
            Protocol = protocol,
            ClientCache = new ClientCacheOptions(),
        },
        TestClients.Logs,
        CancellationToken.None);

    /// <summary>The entries the client's cache holds the moment its primary stops being the one on <paramref name="oldPort"/>.</summary>
    private static async Task<int> CountWhenPrimaryChangesAsync(RedisClient client, int oldPort, CancellationToken stop)
    {
        await WhenPrimaryChangesAsync(client, oldPort, stop);
        return client.ClientCache!.Count;
    }

    /// <summary>Reads <paramref name="key"/> about every millisecond until <paramref name="stop"/>; returns the errors the reads saw.</summary>
    private static Task<List<Exception>> ReadUntilStoppedAsync(RedisClient client, string key, CancellationToken stop) => Task.Run(async () =>
    {
        var errors = new List<Exception>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _ = await client.GetAsync(key);
            }
            catch (RedisException ex)
            {
                errors.Add(ex);
            }

            await Task.Delay(1, CancellationToken.None);
        }

        return errors;
    });

    /// <summary>
    /// Reads <paramref name="key"/> until it is <paramref name="expected"/> (the invalidation of a cached value
    /// arrived) or <see cref="CacheWait"/> passed; returns the last value read.
    /// </summary>
    private static async Task<string?> ReadUntilAsync(RedisClient client, string key, string expected)
    {
        using var limit = new CancellationTokenSource(CacheWait);
        string? value;
        while ((value = (string?)await client.GetAsync(key)) != expected && !limit.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return value;
    }
}
