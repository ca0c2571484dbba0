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

    // A manual failover is bounded by the fixture (30 s); this covers it and the moves after it.
    private static readonly TimeSpan FailoverWait = TimeSpan.FromSeconds(45);

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

    [Test]
    public async Task Subscriptions_on_a_primary_demoted_by_failover_move_to_the_new_primary()
    {
        // One failover for both protocols (a second manual failover right after the first can stall
        // while the demoted primary resyncs): a RESP3 and a RESP2 client subscribe on the same node.
        var channel = TestClients.Key("moving");
        var clients = new List<RedisClient>();
        var subscriptions = new List<(RedisSubscription Channel, RedisSubscription Shard)>();
        try
        {
            foreach (var kind in (ServerKind[])[ServerKind.RedisResp3, ServerKind.RedisResp2])
            {
                clients.Add(await ClusterClients.ConnectAsync(_cluster, kind));
            }

            var first = await clients[0].SubscribeAsync(channel);
            var home = clients[0].SubscriptionConnection!.EndpointText;
            var primary = _cluster.Primaries.Single(node => node.Endpoint == home);
            var shardChannel = await ChannelOwnedByAsync(primary, TestClients.Key("demoted"));
            subscriptions.Add((first, await clients[0].SSubscribeAsync(shardChannel)));
            subscriptions.Add((await clients[1].SubscribeAsync(channel), await clients[1].SSubscribeAsync(shardChannel)));
            Assert.That(clients[1].SubscriptionConnection!.EndpointText, Is.EqualTo(home), "both clients hold channels on the owner of slot 0");

            var restored = Task.WhenAll(subscriptions.SelectMany(pair => new[] { Restored(pair.Channel), Restored(pair.Shard) }));
            using var stop = new CancellationTokenSource(FailoverWait);
            var readers = subscriptions.Select(pair => (Channel: pair.Channel.GetAsyncEnumerator(stop.Token), Shard: pair.Shard.GetAsyncEnumerator(stop.Token))).ToList();

            // The demoted primary ends its shard subscriptions (their slots left it), which also tells the
            // clients to reload the map; the reload retires the demoted node, and the channel moves with it.
            await ReplicaCaughtUpAsync(primary, _cluster.ReplicaOf(primary), stop.Token);
            var failover = await _cluster.FailoverAsync(_cluster.ReplicaOf(primary), stop.Token);
            await _cluster.RefreshRolesAsync(stop.Token);
            await restored.WaitAsync(stop.Token);
            await clients[0].PublishAsync(channel, "after", stop.Token);
            var shardDelivered = await clients[0].SPublishAsync(shardChannel, "shard after", stop.Token);

            foreach (var (client, reader) in clients.Zip(readers))
            {
                Assert.That(client.SubscriptionConnection!.EndpointText, Is.Not.EqualTo(home), $"{client.Protocol}: moved off the demoted node");
                Assert.That(await NextPayloadAsync(reader.Channel), Is.EqualTo("after"));
                Assert.That(await NextPayloadAsync(reader.Shard), Is.EqualTo("shard after"));
                await reader.Channel.DisposeAsync();
                await reader.Shard.DisposeAsync();
            }

            Assert.That(shardDelivered, Is.EqualTo(2), "both shard subscribers at the new primary");
            Assert.That(await ShardSubscribersAsync(failover.NewPrimary, shardChannel), Is.EqualTo(2));
        }
        finally
        {
            foreach (var (channelSubscription, shardSubscription) in subscriptions)
            {
                await channelSubscription.DisposeAsync();
                await shardSubscription.DisposeAsync();
            }

            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
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
