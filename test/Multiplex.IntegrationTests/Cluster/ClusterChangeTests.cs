using System.Diagnostics;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>
/// The client under load while the cluster changes: slots migrated (MOVED and ASK), a manual failover,
/// a primary killed. One private cluster for the class; each test leaves it healthy for the next.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public sealed class ClusterChangeTests : ServerTestBase
{
    private const int Callers = 100;
    private const int KeyCount = 10_000;
    private const int SlotsToMigrate = 2_000;

    // Bounds for the load while a change happens; each change finishes well within them.
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LoadBeforeAndAfter = TimeSpan.FromMilliseconds(300);

    private RedisCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await RedisCluster.StartAsync(new RedisClusterOptions());

    [OneTimeTearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task Migrating_2000_slots_under_load_shows_no_caller_an_error_and_loses_no_write()
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var source = _cluster.Primaries[0];
        var target = _cluster.Primaries[1];
        var slots = (await _cluster.SlotsOfAsync(source)).Take(SlotsToMigrate).ToArray();
        var keys = KeysHalfIn(slots, TestClients.Key("reshard"));
        var load = new ClusterLoad(client, keys, Callers);
        using var stop = new CancellationTokenSource(LoadLimit);

        var running = load.RunAsync(stop.Token);
        await Task.Delay(LoadBeforeAndAfter);
        var moved = await _cluster.MigrateSlotsAsync(slots, source, target);
        await _cluster.WaitForConsistentSlotsAsync();
        await Task.Delay(LoadBeforeAndAfter);
        await stop.CancelAsync();
        await running;

        TestContext.Out.WriteLine($"{moved} keys moved with {slots.Length} slots; {load.Operations} operations; MOVED answered {await ClusterClients.RedirectsAsync(_cluster.Nodes, "MOVED")}, ASK {await ClusterClients.RedirectsAsync(_cluster.Nodes, "ASK")}");
        Assert.Multiple(async () =>
        {
            Assert.That(load.Errors.Select(error => $"{error.Key}: {error.Error.GetType().Name}: {error.Error.Message}").Take(5), Is.Empty);
            Assert.That(moved, Is.GreaterThan(0), "keys were in the migrated slots while the callers ran");
            Assert.That(await FinalValuesAsync(client, keys), Is.EqualTo(load.Acknowledged));
            Assert.That(await _cluster.OwnerOfSlotAsync(slots[0]), Is.EqualTo(target));
        });
    }

    [Test]
    public async Task Keys_on_both_sides_of_a_half_migrated_slot_are_read_and_written_through_ASK()
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var source = _cluster.Primaries[2];
        var target = _cluster.Primaries[0];
        var slot = (await _cluster.SlotsOfAsync(source))[^1];
        var keys = KeysIn(slot, TestClients.Key("ask"), 10);
        foreach (var key in keys)
        {
            await client.SetAsync(key, "before");
        }

        var askBefore = await _cluster.ErrorStatAsync(source, "ASK");
        await _cluster.BeginSlotMigrationAsync(slot, source, target);
        try
        {
            // Half the keys move to the target; the other half stay on the source.
            await MigrateKeysAsync(source, target, keys.Take(5));

            var before = await Task.WhenAll(keys.Select(key => client.GetAsync(key).AsTask()));
            await Task.WhenAll(keys.Select(key => client.SetAsync(key, "during").AsTask()));
            var during = await Task.WhenAll(keys.Select(key => client.GetAsync(key).AsTask()));
            var fresh = KeysIn(slot, TestClients.Key("ask-new"), 3);
            await Task.WhenAll(fresh.Select(key => client.SetAsync(key, "new").AsTask()));

            Assert.Multiple(async () =>
            {
                Assert.That(before.Select(value => (string?)value), Is.All.EqualTo("before"));
                Assert.That(during.Select(value => (string?)value), Is.All.EqualTo("during"));
                Assert.That(await _cluster.ErrorStatAsync(source, "ASK"), Is.GreaterThan(askBefore), "the source answered ASK");
                foreach (var key in fresh)
                {
                    Assert.That((string?)await client.GetAsync(key), Is.EqualTo("new"), key);
                }
            });
        }
        finally
        {
            await _cluster.MoveKeysAsync(slot, source, target);
            await _cluster.FinishSlotMigrationAsync(slot, target);
            await _cluster.WaitForConsistentSlotsAsync();
        }

        Assert.That((string?)await client.GetAsync(keys[0]), Is.EqualTo("during"));
    }

    [TestCase(ServerKind.RedisResp3)]
    [TestCase(ServerKind.RedisResp2)]
    public async Task A_cached_read_answered_through_ASK_is_delivered_but_not_stored(ServerKind kind)
    {
        // Opt-in tracking: the read goes out after CLIENT CACHING YES, but an ASK sends it to the
        // importing node after ASKING, where nothing tracks the key: stored, it would stay stale.
        await using var client = await ClusterClients.ConnectAsync(_cluster, kind, options => options with { ClientCache = new ClientCacheOptions() });
        await using var other = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var source = _cluster.Primaries[2];
        var target = _cluster.Primaries[0];
        var slot = (await _cluster.SlotsOfAsync(source))[^2];
        var keys = KeysIn(slot, TestClients.Key("ask-cached"), 6);
        foreach (var key in keys)
        {
            await other.SetAsync(key, "before");
        }

        await _cluster.BeginSlotMigrationAsync(slot, source, target);
        try
        {
            var moved = keys.Take(3).ToArray();
            var stayed = keys.Skip(3).ToArray();
            await MigrateKeysAsync(source, target, moved);

            foreach (var key in keys)
            {
                Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"), key);
            }

            Assert.That(client.ClientCache!.Count, Is.EqualTo(stayed.Length), "only the reads the source answered itself are stored");
            foreach (var key in moved)
            {
                await other.SetAsync(key, "changed on the importing node");
                Assert.That((string?)await client.GetAsync(key), Is.EqualTo("changed on the importing node"), key);
            }

            var invalidations = client.ClientCache.Invalidations;
            await other.SetAsync(stayed[0], "changed on the source");
            var watch = Stopwatch.StartNew();
            while (client.ClientCache.Invalidations == invalidations && watch.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(10);
            }

            Assert.That((string?)await client.GetAsync(stayed[0]), Is.EqualTo("changed on the source"), "a key cached from the source is tracked there");
        }
        finally
        {
            await _cluster.MoveKeysAsync(slot, source, target);
            await _cluster.FinishSlotMigrationAsync(slot, target);
            await _cluster.WaitForConsistentSlotsAsync();
        }
    }

    [Test]
    public async Task A_transaction_on_a_slot_that_moved_is_sent_again_to_the_new_owner()
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var source = _cluster.Primaries[0];
        var target = _cluster.Primaries[2];
        var slot = (await _cluster.SlotsOfAsync(source))[^2];
        var keys = KeysIn(slot, TestClients.Key("moved-tx"), 2);
        await client.SetAsync(keys[0], "1");
        var movedBefore = await _cluster.ErrorStatAsync(source, "MOVED");

        // The client's map still names the source: MULTI is accepted there, the commands answer MOVED,
        // EXEC answers EXECABORT, and nothing ran; the client sends the whole transaction to the new owner.
        await _cluster.MigrateSlotsAsync([slot], source, target);
        await _cluster.WaitForConsistentSlotsAsync();
        var transaction = client.CreateTransaction();
        var incr = transaction.Commands.IncrAsync(keys[0]);
        var get = transaction.Commands.GetAsync(keys[1]);
        var set = transaction.Commands.SetAsync(keys[1], "x");

        Assert.That(await transaction.ExecuteAsync(), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(await incr, Is.EqualTo(2), "the increment ran once");
            Assert.That((string?)await get, Is.Null);
            Assert.That(await set, Is.True);
            Assert.That((string?)await client.GetAsync(keys[1]), Is.EqualTo("x"));
            Assert.That(await _cluster.ErrorStatAsync(source, "MOVED"), Is.GreaterThan(movedBefore), "the stale route was taken first");
            Assert.That(await _cluster.OwnerOfSlotAsync(slot), Is.EqualTo(target));
        });
    }

    [Test]
    public async Task A_manual_failover_under_load_shows_no_caller_an_error_and_writes_reach_the_new_primary_quickly()
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var primary = _cluster.Primaries[1];
        var replica = _cluster.ReplicaOf(primary);
        var shardSlots = (await _cluster.SlotsOfAsync(primary)).ToHashSet();
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("failover")}:{i}").ToArray();
        var inShard = keys.Select(key => shardSlots.Contains(RedisClient.HashSlotOf(key))).ToArray();
        var load = new ClusterLoad(client, keys, Callers);
        using var stop = new CancellationTokenSource(LoadLimit);

        var running = load.RunAsync(stop.Token);
        await Task.Delay(LoadBeforeAndAfter);
        var failover = await _cluster.FailoverAsync(replica);
        await Task.Delay(LoadBeforeAndAfter);
        await stop.CancelAsync();
        await running;

        var firstWriteAfter = load.Writes.Where(write => inShard[write.Key] && write.At >= failover.PromotedAt).Min(write => write.At);
        var reachedNewPrimary = Stopwatch.GetElapsedTime(failover.SentAt, firstWriteAfter);
        var longestStall = LongestGap(load.Writes.Where(write => inShard[write.Key]).Select(write => write.At));
        TestContext.Out.WriteLine(
            $"promoted {failover.TimeToPromotion.TotalMilliseconds:0} ms after CLUSTER FAILOVER; first write acknowledged by the new primary " +
            $"{reachedNewPrimary.TotalMilliseconds:0} ms after it; longest gap between writes to the shard {longestStall.TotalMilliseconds:0} ms; {load.Operations} operations");
        Assert.Multiple(async () =>
        {
            Assert.That(load.Errors.Select(error => $"{error.Key}: {error.Error.GetType().Name}: {error.Error.Message}").Take(5), Is.Empty);
            Assert.That(reachedNewPrimary, Is.LessThan(TimeSpan.FromMilliseconds(100)));
            Assert.That(await FinalValuesAsync(client, keys), Is.EqualTo(load.Acknowledged));
        });
    }

    [Test]
    public async Task A_killed_primary_is_followed_to_its_promoted_replica_and_lost_writes_are_counted()
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
        var primary = _cluster.Primaries[2];
        var shardSlots = (await _cluster.SlotsOfAsync(primary)).ToHashSet();
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("kill")}:{i}").ToArray();
        var inShard = keys.Select(key => shardSlots.Contains(RedisClient.HashSlotOf(key))).ToArray();
        var load = new ClusterLoad(client, keys, Callers);
        using var stop = new CancellationTokenSource(LoadLimit);

        var running = load.RunAsync(stop.Token);
        await Task.Delay(LoadBeforeAndAfter);
        var killed = await _cluster.KillPrimaryAsync(primary);
        ClusterFailover promotion;
        try
        {
            promotion = await _cluster.WaitForPromotionAsync(killed);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var followed = load.Writes.Where(write => inShard[write.Key] && write.At >= promotion.PromotedAt).Select(write => write.At).DefaultIfEmpty(long.MaxValue).Min();
        var afterPromotion = followed == long.MaxValue ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(promotion.PromotedAt, followed);
        var finals = await FinalValuesAsync(client, keys);
        var lost = keys.Where((_, i) => load.Acknowledged[i] is { } acknowledged && finals[i] != acknowledged && finals[i] != load.Attempted[i]).Count();
        var errors = load.Errors.GroupBy(error => error.Error.GetType().Name).Select(group => $"{group.Count()} {group.Key}");
        TestContext.Out.WriteLine(
            $"marked failed {Stopwatch.GetElapsedTime(killed.KilledAt, promotion.MarkedFailedAt ?? promotion.PromotedAt).TotalMilliseconds:0} ms and promoted " +
            $"{Stopwatch.GetElapsedTime(killed.KilledAt, promotion.PromotedAt).TotalMilliseconds:0} ms after the kill; first write acknowledged by the promoted replica " +
            $"{afterPromotion.TotalMilliseconds:0} ms after its promotion; acknowledged writes lost: {lost}; caller errors: {string.Join(", ", errors)}");

        await _cluster.RestartAsync(primary);
        Assert.Multiple(() =>
        {
            Assert.That(afterPromotion, Is.LessThan(TimeSpan.FromSeconds(1)));
            Assert.That(load.Errors.Where(error => !inShard[Array.IndexOf(keys, error.Key)]).Select(error => $"{error.Key}: {error.Error.Message}").Take(5), Is.Empty,
                "keys of the other shards saw no error");
        });
    }

    /// <summary>The values of <paramref name="keys"/> now, read through the client.</summary>
    private static async Task<string?[]> FinalValuesAsync(RedisClient client, IReadOnlyList<string> keys) =>
        [.. (await Task.WhenAll(keys.Select(key => client.GetAsync(key).AsTask()))).Select(value => (string?)value)];

    /// <summary>The longest time between consecutive moments.</summary>
    private static TimeSpan LongestGap(IEnumerable<long> moments)
    {
        var sorted = moments.Order().ToArray();
        var longest = 0L;
        for (var i = 1; i < sorted.Length; i++)
        {
            longest = Math.Max(longest, sorted[i] - sorted[i - 1]);
        }

        return Stopwatch.GetElapsedTime(0, longest);
    }

    /// <summary><see cref="KeyCount"/> keys, half of them in <paramref name="slots"/>.</summary>
    private static string[] KeysHalfIn(IReadOnlyCollection<int> slots, string prefix)
    {
        var wanted = slots.ToHashSet();
        var inside = new List<string>();
        var outside = new List<string>();
        for (var i = 0; inside.Count < KeyCount / 2 || outside.Count < KeyCount / 2; i++)
        {
            var key = $"{prefix}:{i}";
            var list = wanted.Contains(RedisClient.HashSlotOf(key)) ? inside : outside;
            if (list.Count < KeyCount / 2)
            {
                list.Add(key);
            }
        }

        return [.. inside.Zip(outside).SelectMany(pair => new[] { pair.First, pair.Second })];
    }

    /// <summary>Moves <paramref name="keys"/> of a slot being migrated from <paramref name="source"/> to <paramref name="target"/>.</summary>
    private static async Task MigrateKeysAsync(RedisServer source, RedisServer target, IEnumerable<string> keys)
    {
        await using var raw = await RawRespConnection.ConnectAsync(source.Host, source.Port);
        Assert.That(await raw.CommandAsync(["MIGRATE", target.Host, target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "0", "5000", "KEYS", .. keys]), Is.EqualTo("+OK"));
    }

    /// <summary><paramref name="count"/> keys in <paramref name="slot"/>.</summary>
    private static string[] KeysIn(int slot, string prefix, int count)
    {
        var keys = new List<string>();
        for (var i = 0; keys.Count < count; i++)
        {
            var key = $"{prefix}:{i}";
            if (RedisClient.HashSlotOf(key) == slot)
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }
}
