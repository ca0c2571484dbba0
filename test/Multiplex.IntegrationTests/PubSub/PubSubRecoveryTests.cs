using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;
using static Multiplex.IntegrationTests.PubSub.SubscriptionReading;

namespace Multiplex.IntegrationTests.PubSub;

/// <summary>Subscriptions across a killed connection, heartbeats and keyspace notifications, on a server of the fixture's own.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
[NonParallelizable]
public sealed partial class PubSubRecoveryTests(ServerKind kind) : DedicatedServerTests
{
    // The issue's bound: messages flow again within 2 s of the connection being killed.
    private static readonly TimeSpan RestoreBound = TimeSpan.FromSeconds(2);

    [Test]
    public async Task Client_kill_of_the_subscription_connection_restores_every_subscription_within_two_seconds()
    {
        var name = "pubsub-kill-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await ConnectAsync(name);
        await using var publisher = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port));
        var prefix = TestClients.Key("kill");
        string a = prefix + ":a", b = prefix + ":b", shard = prefix + ":shard";
        var pattern = prefix + ":p*";
        await using var channels = await client.SubscribeAsync([a, b]);
        await using var channelB = await client.SubscribeAsync(b);
        await using var patterns = await client.PSubscribeAsync(pattern);
        await using var shards = await client.SSubscribeAsync(shard);
        var restored = new TaskCompletionSource<SubscriptionRestoredEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Restored += (_, args) => restored.TrySetResult(args);
        var callsBefore = await SubscribeCallsAsync();

        var id = await SubscriptionConnectionIdAsync(name);
        var watch = Stopwatch.StartNew();
        await Server.CliAsync("CLIENT", "KILL", "ID", id.ToString(CultureInfo.InvariantCulture));

        // Publish until a message published after the restore arrives (earlier ones had no subscriber).
        var arrived = FirstAsync(channels, message => message.Payload.ToString().StartsWith("after", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        for (var i = 0; !arrived.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            await publisher.PublishAsync(a, $"after {i}");
            await Task.WhenAny(arrived, Task.Delay(10));
        }

        await arrived;
        var elapsed = watch.Elapsed;
        TestContext.Out.WriteLine($"{kind}: messages flow again {elapsed.TotalMilliseconds:0} ms after CLIENT KILL");
        Assert.That(elapsed, Is.LessThan(RestoreBound));

        var args = await restored.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(args.RestoredAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromSeconds(10)));
        Assert.That(new[] { channels, channelB, patterns, shards }.Select(s => s.LastRestoredAt), Has.All.Not.Null);
        Assert.That(await SubscriptionConnectionIdAsync(name), Is.Not.EqualTo(id));
        Assert.That(client.ReconnectCount, Is.EqualTo(1), "the connection carrying the subscriptions reconnected once (RESP2: the subscriber connection)");
        Assert.That(client.IsConnected, Is.True);

        // Exactly one server subscription per name, restored by one variadic command per kind.
        var counts = await publisher.PubSubNumSubAsync([a, b]);
        Assert.That((counts[a], counts[b]), Is.EqualTo((1L, 1L)));
        Assert.That(await publisher.PubSubNumPatAsync(), Is.EqualTo(1));
        Assert.That((await publisher.PubSubShardNumSubAsync([shard]))[shard], Is.EqualTo(1));
        var callsAfter = await SubscribeCallsAsync();
        Assert.That(callsAfter.Select((calls, i) => calls - callsBefore[i]), Is.EqualTo(new long[] { 1, 1, 1 }), "SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE calls");

        // Every kind delivers again, and ordinary commands run.
        await publisher.PublishAsync(b, "b again");
        await publisher.PublishAsync(prefix + ":p1", "pattern again");
        await publisher.SPublishAsync(shard, "shard again");
        Assert.That((await FirstAsync(channelB, m => m.Payload.ToString() == "b again")).Channel.ToString(), Is.EqualTo(b));
        Assert.That((await FirstAsync(patterns, m => m.Payload.ToString() == "pattern again")).Pattern.ToString(), Is.EqualTo(pattern));
        Assert.That((await FirstAsync(shards, m => m.Payload.ToString() == "shard again")).Channel.ToString(), Is.EqualTo(shard));
        Assert.That(await client.EchoAsync("ok"), Is.EqualTo((RedisValue)"ok"));
    }

    [Test]
    public async Task The_resubscribe_is_written_before_commands_queued_while_disconnected()
    {
        await using var proxy = await FaultProxy.StartAsync("127.0.0.1", Server.Port);
        await using var client = await ConnectAsync("pubsub-queued", options => options with { Endpoints = [RedisEndpoint.Tcp("127.0.0.1", proxy.Port)] });
        await using var publisher = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port));
        var before = TestClients.Key("before");
        var during = TestClients.Key("during");
        await using var existing = await client.SubscribeAsync(before);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        existing.Restored += (_, _) => restored.TrySetResult();

        proxy.RefuseNewConnections = true;
        proxy.DropAll();
        await WaitUntilAsync(() => client.SubscriptionConnection is { IsConnected: false } && !client.IsConnected);

        // Queued while no connection is up: a new subscription and, under RESP3 where it shares the
        // subscriptions' connection, a PUBLISH that only reaches the existing subscription when the
        // resubscribe was written before it.
        var subscribing = client.SubscribeAsync(during);
        var publishing = kind == ServerKind.RedisResp3 ? client.PublishAsync(before, "queued").AsTask() : Task.FromResult(1L);
        await Task.Delay(50);
        Assert.That((subscribing.IsCompleted, publishing.IsCompleted), Is.EqualTo((false, false)).Or.EqualTo((false, true)));
        proxy.RefuseNewConnections = false;

        await using var added = await subscribing;
        Assert.That(await publishing, Is.EqualTo(1));
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(5));
        if (kind == ServerKind.RedisResp3)
        {
            Assert.That((await ReadAsync(existing, 1))[0].Payload.ToString(), Is.EqualTo("queued"));
        }

        var counts = await publisher.PubSubNumSubAsync([before, during]);
        Assert.That((counts[before], counts[during]), Is.EqualTo((1L, 1L)));
        await publisher.PublishAsync(during, "new");
        await publisher.PublishAsync(before, "old");
        Assert.That((await ReadAsync(added, 1))[0].Payload.ToString(), Is.EqualTo("new"));
        Assert.That((await FirstAsync(existing, message => message.Payload.ToString() == "old")).Channel.ToString(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_idle_subscription_connection_survives_its_heartbeats()
    {
        var name = "pubsub-idle-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await ConnectAsync(name, options => options with { HeartbeatInterval = TimeSpan.FromMilliseconds(50), HeartbeatTimeout = TimeSpan.FromMilliseconds(250) });
        var channel = TestClients.Key("idle");
        await using var subscription = await client.SubscribeAsync(channel);
        var id = await SubscriptionConnectionIdAsync(name);

        // Many heartbeat periods with nothing to read: each PING must be answered and understood
        // (a subscribed RESP2 connection answers with an array), or the connection is torn down.
        await Task.Delay(TimeSpan.FromMilliseconds(1000));

        Assert.That(await SubscriptionConnectionIdAsync(name), Is.EqualTo(id));
        Assert.That(subscription.LastRestoredAt, Is.Null);
        Assert.That(await client.PublishAsync(channel, "still here"), Is.EqualTo(1));
        Assert.That((await ReadAsync(subscription, 1))[0].Payload.ToString(), Is.EqualTo("still here"));
    }

    [Test]
    public async Task The_keyspace_helpers_receive_set_and_expired_events()
    {
        await Server.CliAsync("CONFIG", "SET", "notify-keyspace-events", "KEA");
        try
        {
            await using var client = await ConnectAsync("pubsub-keyspace");
            var key = TestClients.Key("watched");
            await using var keyspace = await client.SubscribeKeyspaceAsync(key);
            await using var expired = await client.SubscribeKeyeventAsync("expired");

            await client.ExecuteAsync("SET", [key, "v", "PX", 100]);

            var set = await FirstAsync(keyspace, notification => notification.Event == "set");
            Assert.That((set.Kind, set.Database, set.Key.ToString()), Is.EqualTo((KeyspaceNotificationKind.Keyspace, 0, key)));
            var expiredOnKey = await FirstAsync(keyspace, notification => notification.Event == "expired");
            Assert.That(expiredOnKey.Key.ToString(), Is.EqualTo(key));
            var expiredEvent = await FirstAsync(expired, notification => notification.Key.ToString() == key);
            Assert.That((expiredEvent.Kind, expiredEvent.Event, expiredEvent.Database), Is.EqualTo((KeyspaceNotificationKind.Keyevent, "expired", 0)));
        }
        finally
        {
            await Server.CliAsync("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    [GeneratedRegex(@"^id=(?<id>\d+) .*name=(?<name>\S*) .*sub=(?<sub>\d+) psub=(?<psub>\d+)", RegexOptions.Multiline)]
    private static partial Regex ClientLine();

    [GeneratedRegex(@"^cmdstat_(?<command>subscribe|psubscribe|ssubscribe):calls=(?<calls>\d+)", RegexOptions.Multiline)]
    private static partial Regex SubscribeStats();

    private async Task<RedisClient> ConnectAsync(string name, Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = QuickReconnect(Server.Port) with
        {
            ClientName = name,
            Protocol = kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3,
        };
        return await RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs);
    }

    /// <summary>The id of the client named <paramref name="name"/> that holds subscriptions (exactly one must).</summary>
    private async Task<long> SubscriptionConnectionIdAsync(string name)
    {
        var list = await Server.CliAsync("CLIENT", "LIST");
        var ids = ClientLine().Matches(list)
            .Where(match => match.Groups["name"].Value == name && (match.Groups["sub"].Value != "0" || match.Groups["psub"].Value != "0"))
            .Select(match => long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture))
            .ToArray();
        Assert.That(ids, Has.Length.EqualTo(1), list);
        return ids[0];
    }

    /// <summary>How many SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE commands the server has run.</summary>
    private async Task<long[]> SubscribeCallsAsync()
    {
        var stats = SubscribeStats().Matches(await Server.CliAsync("INFO", "commandstats"))
            .ToDictionary(match => match.Groups["command"].Value, match => long.Parse(match.Groups["calls"].Value, CultureInfo.InvariantCulture));
        return [.. new[] { "subscribe", "psubscribe", "ssubscribe" }.Select(command => stats.GetValueOrDefault(command))];
    }
}
