using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>
/// Subscriptions in a cluster: shard channels on the owner of their slot and followed when the slot
/// moves, keyspace notifications from every primary, channel subscriptions moved off a demoted node.
/// One private cluster for the class (slots move and roles swap); each test leaves it consistent.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public sealed class ClusterPubSubTests : ServerTestBase
{
    // Generous bounds: each step takes well under a second on a quiet machine.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private RedisCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await RedisCluster.StartAsync(new RedisClusterOptions());

    [OneTimeTearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [TestCase(ServerKind.RedisResp3)]
    [TestCase(ServerKind.RedisResp2)]
    public async Task A_shard_channel_subscription_keeps_receiving_after_its_slot_moves_to_another_primary(ServerKind kind)
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, kind);
        var source = _cluster.Primaries[0];
        var target = _cluster.Primaries[1];
        var channel = await ChannelOwnedByAsync(source, TestClients.Key("shard"));
        var slot = RedisClient.HashSlotOf(channel);
        await using var subscription = await client.SSubscribeAsync(channel);
        var restored = Restored(subscription);
        using var stop = new CancellationTokenSource(Wait);
        await using var messages = subscription.GetAsyncEnumerator(stop.Token);

        Assert.That(await client.SPublishAsync(channel, "before", stop.Token), Is.EqualTo(1), "the owner has the one subscriber");
        Assert.That(await NextPayloadAsync(messages), Is.EqualTo("before"));

        await _cluster.MigrateSlotsAsync([slot], source, target, stop.Token);
        await _cluster.WaitForConsistentSlotsAsync(stop.Token);
        await restored.WaitAsync(stop.Token);

        var delivered = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            delivered.Add(await client.SPublishAsync(channel, $"after-{i}", stop.Token));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(delivered, Is.All.EqualTo(1), "each SPUBLISH at the new owner reached the subscriber");
            Assert.That(new[] { await NextPayloadAsync(messages), await NextPayloadAsync(messages), await NextPayloadAsync(messages) },
                Is.EqualTo(new[] { "after-0", "after-1", "after-2" }));
            Assert.That(await ShardSubscribersAsync(target, channel), Is.EqualTo(1), "subscribed at the new owner");
            Assert.That(await ShardSubscribersAsync(source, channel), Is.Zero, "not left at the old owner");
            Assert.That(subscription.LastRestoredAt, Is.Not.Null);
        });
    }

    [TestCase(ServerKind.RedisResp3)]
    [TestCase(ServerKind.RedisResp2)]
    public async Task One_subscription_to_shard_channels_of_every_primary_receives_from_each(ServerKind kind)
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, kind);
        var channels = new List<RedisValue>();
        foreach (var primary in _cluster.Primaries)
        {
            channels.Add(await ChannelOwnedByAsync(primary, TestClients.Key("spread")));
        }

        await using var subscription = await client.SSubscribeAsync(channels);
        using var stop = new CancellationTokenSource(Wait);
        await using var messages = subscription.GetAsyncEnumerator(stop.Token);
        var delivered = new List<long>();
        foreach (var channel in channels)
        {
            delivered.Add(await client.SPublishAsync(channel, channel, stop.Token));
        }

        var received = new List<string?>();
        for (var i = 0; i < channels.Count; i++)
        {
            received.Add(await NextPayloadAsync(messages));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(delivered, Is.All.EqualTo(1), "each channel is subscribed at the owner of its slot");
            Assert.That(received, Is.EquivalentTo(channels.Select(channel => channel.ToString())));
            foreach (var (primary, channel) in _cluster.Primaries.Zip(channels))
            {
                Assert.That(await ShardSubscribersAsync(primary, channel.ToString()!), Is.EqualTo(1), $"{channel} on {primary}");
            }
        });
    }

    [Test]
    public async Task Keyevent_notifications_arrive_from_every_primary()
    {
        foreach (var primary in _cluster.Primaries)
        {
            await primary.CliAsync("CONFIG", "SET", "notify-keyspace-events", "E$");
        }

        try
        {
            await using var client = await ClusterClients.ConnectAsync(_cluster, ServerKind.RedisResp3);
            var keys = new List<string>();
            foreach (var primary in _cluster.Primaries)
            {
                keys.Add(await ChannelOwnedByAsync(primary, TestClients.Key("notified")));
            }

            await using var subscription = await client.SubscribeKeyeventAsync("set");
            using var stop = new CancellationTokenSource(Wait);
            await using var notifications = subscription.GetAsyncEnumerator(stop.Token);
            foreach (var key in keys)
            {
                await client.SetAsync(key, "v", cancellationToken: stop.Token);
            }

            var seen = new List<string>();
            while (seen.Count < keys.Count && await notifications.MoveNextAsync())
            {
                if (keys.Contains(notifications.Current.Key.ToString()!))
                {
                    seen.Add(notifications.Current.Key.ToString()!);
                }
            }

            Assert.That(seen, Is.EquivalentTo(keys), "one notification per key, each from the primary that owns it");
        }
        finally
        {
            foreach (var primary in _cluster.Primaries)
            {
                await primary.CliAsync("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
    }

    [TestCase(ServerKind.RedisResp3)]
    [TestCase(ServerKind.RedisResp2)]
    public async Task Subscriptions_on_a_primary_demoted_by_failover_move_to_the_new_primary(ServerKind kind)
    {
        await using var client = await ClusterClients.ConnectAsync(_cluster, kind);
        var channel = TestClients.Key("moving");
        await using var subscription = await client.SubscribeAsync(channel);
        var home = client.SubscriptionConnection!.EndpointText;
        var primary = _cluster.Primaries.Single(node => node.Endpoint == home);
        var shardChannel = await ChannelOwnedByAsync(primary, TestClients.Key("demoted"));
        await using var shardSubscription = await client.SSubscribeAsync(shardChannel);
        var restored = Task.WhenAll(Restored(subscription), Restored(shardSubscription));
        using var stop = new CancellationTokenSource(Wait);
        await using var messages = subscription.GetAsyncEnumerator(stop.Token);
        await using var shardMessages = shardSubscription.GetAsyncEnumerator(stop.Token);

        // A manual failover waits for the replica to catch up: the previous case's demoted primary may still be syncing.
        await ReplicaCaughtUpAsync(primary, _cluster.ReplicaOf(primary), stop.Token);

        // The demoted primary ends its shard subscriptions (their slots left it), which also tells the
        // client to reload the map; the reload retires the demoted node, and the channel moves with it.
        var failover = await _cluster.FailoverAsync(_cluster.ReplicaOf(primary), stop.Token);
        await _cluster.RefreshRolesAsync(stop.Token);
        await restored.WaitAsync(stop.Token);
        await client.PublishAsync(channel, "after", stop.Token);

        Assert.Multiple(async () =>
        {
            Assert.That(client.SubscriptionConnection!.EndpointText, Is.Not.EqualTo(home), "moved off the demoted node");
            Assert.That(await NextPayloadAsync(messages), Is.EqualTo("after"));
            Assert.That(await client.SPublishAsync(shardChannel, "after", stop.Token), Is.EqualTo(1), "one subscriber at the new primary");
            Assert.That(await NextPayloadAsync(shardMessages), Is.EqualTo("after"));
            Assert.That(await ShardSubscribersAsync(failover.NewPrimary, shardChannel), Is.EqualTo(1));
        });
    }

    /// <summary>A name with a hash tag whose slot <paramref name="primary"/> owns.</summary>
    private async Task<string> ChannelOwnedByAsync(RedisServer primary, string prefix)
    {
        var slots = (await _cluster.SlotsOfAsync(primary)).ToHashSet();
        for (var i = 0; ; i++)
        {
            var name = $"{{{prefix}:{i}}}";
            if (slots.Contains(RedisClient.HashSlotOf(name)))
            {
                return name;
            }
        }
    }

    /// <summary>Waits (polling INFO replication, bounded by the token) until the replica is online and at the primary's offset.</summary>
    private static async Task ReplicaCaughtUpAsync(RedisServer primary, RedisServer replica, CancellationToken cancellationToken)
    {
        var online = string.Create(System.Globalization.CultureInfo.InvariantCulture, $",port={replica.Port},state=online,offset=");
        while (true)
        {
            var lines = (await primary.CliAsync("INFO", "replication")).Split('\n', StringSplitOptions.TrimEntries);
            var offset = lines.FirstOrDefault(line => line.StartsWith("master_repl_offset:", StringComparison.Ordinal))?.Split(':')[1];
            var replicaLine = lines.FirstOrDefault(line => line.Contains(online, StringComparison.Ordinal));
            if (offset is not null && replicaLine is not null && replicaLine.Split(online)[1].Split(',')[0] == offset)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<long> ShardSubscribersAsync(RedisServer node, string channel)
    {
        var reply = await node.CliAsync("PUBSUB", "SHARDNUMSUB", channel);
        return long.Parse(reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task Restored(RedisSubscription subscription)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.Restored += (_, _) => restored.TrySetResult();
        return restored.Task;
    }

    private static async Task<string?> NextPayloadAsync(IAsyncEnumerator<RedisMessage> messages)
    {
        Assert.That(await messages.MoveNextAsync(), Is.True, "the subscription ended");
        return messages.Current.Payload.ToString();
    }
}
