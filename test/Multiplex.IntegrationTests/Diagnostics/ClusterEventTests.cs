using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Multiplex.Diagnostics;
using Multiplex.IntegrationTests.Cluster;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Diagnostics;

/// <summary>
/// A cluster whose slots move: the client's <see cref="RedisClient.TopologyChanged"/> event, the
/// <c>multiplex.cluster.redirects</c> counter for MOVED and ASK, and the client-side cache across a move. One private cluster for the class; each
/// test leaves it with every slot owned and no migration open.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public sealed class ClusterEventTests : ServerTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private RedisCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await RedisCluster.StartAsync(new RedisClusterOptions());

    [OneTimeTearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task A_slot_moved_to_another_primary_raises_topology_changed_and_counts_the_moved_redirect()
    {
        using var redirects = new MetricCollector<long>(Instrumentation.Redirects);
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var changes = new ConcurrentQueue<TopologyChangedEventArgs>();
        client.TopologyChanged += (_, args) => changes.Enqueue(args);
        var source = _cluster.Primaries[0];
        var target = _cluster.Primaries[1];
        var slot = (await _cluster.SlotsOfAsync(source))[^1];
        var key = KeyIn(slot, TestClients.Key("events:moved"));
        await client.SetAsync(key, "v");

        await _cluster.MigrateSlotsAsync([slot], source, target);
        await _cluster.WaitForConsistentSlotsAsync();
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("v"), "the client followed MOVED");

        await WaitUntilAsync(() => !changes.IsEmpty);
        var moved = Mine(redirects.GetMeasurementSnapshot()).Where(m => (string?)m.Tags["db.response.status_code"] == "MOVED").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(change => change.Kind), Is.All.EqualTo(TopologyChangeKind.SlotMap));
            Assert.That(moved.Sum(m => m.Value), Is.GreaterThanOrEqualTo(1));
            Assert.That(moved.Select(m => m.Tags["server.port"]), Has.Some.EqualTo(source.Port), "counted for the node that answered MOVED");
        });
    }

    [Test]
    public async Task A_slot_moved_to_another_primary_leaves_none_of_its_keys_cached_stale([Values] bool resp3)
    {
        var kind = resp3 ? ServerKind.RedisResp3 : ServerKind.RedisResp2;
        await using var client = await ClusterClients.ConnectAsync(_cluster, kind, options => options with { ClientCache = new ClientCacheOptions() });
        await using var writer = await ClusterClients.ConnectAsync(_cluster, kind);
        var source = _cluster.Primaries[1];
        var target = _cluster.Primaries[2];
        var slot = (await _cluster.SlotsOfAsync(source))[^1];
        var key = KeyIn(slot, TestClients.Key($"cache:moved:{kind}"));
        await writer.SetAsync(key, "before");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        Assert.That(client.ClientCache!.Hits, Is.EqualTo(1), "read from the source, then from the cache");

        await _cluster.MigrateSlotsAsync([slot], source, target);
        await _cluster.WaitForConsistentSlotsAsync();
        await writer.SetAsync(key, "after");  // on the target, which never told the cached client anything

        // The value read from the source must not outlive the move: the move drops it (the source's
        // invalidation of the migrated key, the client's flush when the slot changes owner).
        await WaitUntilAsync(async () => (string?)await client.GetAsync(key) == "after");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("after"));

        // And the target's invalidations now reach the cache.
        _ = await client.GetAsync(key);
        await writer.SetAsync(key, "again");
        await WaitUntilAsync(async () => (string?)await client.GetAsync(key) == "again");
        await _cluster.MigrateSlotsAsync([slot], target, source);
        await _cluster.WaitForConsistentSlotsAsync();
    }

    [Test]
    public async Task A_key_of_a_slot_half_migrated_counts_an_ask_redirect()
    {
        using var redirects = new MetricCollector<long>(Instrumentation.Redirects);
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var source = _cluster.Primaries[2];
        var target = _cluster.Primaries[0];
        var slot = (await _cluster.SlotsOfAsync(source))[^1];
        var key = KeyIn(slot, TestClients.Key("events:ask"));
        await client.SetAsync(key, "v");

        await _cluster.BeginSlotMigrationAsync(slot, source, target);
        try
        {
            await using (var raw = await RawRespConnection.ConnectAsync(source.Host, source.Port))
            {
                Assert.That(await raw.CommandAsync(["MIGRATE", target.Host, target.Port.ToString(CultureInfo.InvariantCulture), "", "0", "5000", "KEYS", key]), Is.EqualTo("+OK"));
            }

            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("v"), "the client followed ASK");
        }
        finally
        {
            await _cluster.MoveKeysAsync(slot, source, target);
            await _cluster.FinishSlotMigrationAsync(slot, target);
            await _cluster.WaitForConsistentSlotsAsync();
        }

        var asked = Mine(redirects.GetMeasurementSnapshot()).Where(m => (string?)m.Tags["db.response.status_code"] == "ASK").ToList();
        Assert.That(asked.Sum(m => m.Value), Is.GreaterThanOrEqualTo(1));
        Assert.That(asked.Select(m => m.Tags["server.port"]), Has.All.EqualTo(source.Port));
    }

    /// <summary>A key in <paramref name="slot"/>: <paramref name="prefix"/> with a hash tag found by trying.</summary>
    private static string KeyIn(int slot, string prefix)
    {
        for (var i = 0; ; i++)
        {
            var tag = i.ToString(CultureInfo.InvariantCulture);
            if (RedisClient.HashSlotOf($"{{{tag}}}") == slot)
            {
                return $"{prefix}:{{{tag}}}";
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }

    /// <summary>The measurements about this fixture's cluster (other clients of the process record too).</summary>
    private List<CollectedMeasurement<long>> Mine(IReadOnlyList<CollectedMeasurement<long>> measurements)
    {
        var ports = _cluster.Nodes.Select(node => node.Port).ToHashSet();
        return [.. measurements.Where(m => m.Tags.TryGetValue("server.port", out var port) && port is int value && ports.Contains(value))];
    }
}
