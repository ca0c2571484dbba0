using System.Globalization;
using Multiplex.IntegrationTests.Support;
using static Multiplex.IntegrationTests.PubSub.SubscriptionReading;

namespace Multiplex.IntegrationTests.PubSub;

/// <summary>Subscriptions as streams on the shared server, over RESP3 (push frames) and RESP2 (a subscriber connection).</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class PubSubTests(ServerKind kind)
{
    private RedisClient _client = null!;
    private RedisClient _publisher = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _client = await TestClients.ConnectAsync(kind);
        _publisher = await TestClients.ConnectAsync(kind);
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task A_subscription_is_confirmed_when_subscribe_returns_and_receives_what_is_published()
    {
        var channel = TestClients.Key("news");
        await using var subscription = await _client.SubscribeAsync(channel);

        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.EqualTo(1));
        Assert.That(await _publisher.PublishAsync(channel, "hello"), Is.EqualTo(1));
        var messages = await ReadAsync(subscription, 1);
        Assert.That(messages[0].Channel.ToString(), Is.EqualTo(channel));
        Assert.That(messages[0].Payload.ToString(), Is.EqualTo("hello"));
        Assert.That(messages[0].Pattern.IsNull, Is.True);
    }

    [Test]
    public async Task Ordinary_commands_work_on_the_client_that_subscribes()
    {
        var channel = TestClients.Key("mixed");
        var key = TestClients.Key("key");
        await using var subscription = await _client.SubscribeAsync(channel);
        await _client.SetAsync(key, "v");
        Assert.That((string?)await _client.GetAsync(key), Is.EqualTo("v"));
        Assert.That(await _client.PublishAsync(channel, "self"), Is.EqualTo(1));
        Assert.That((await ReadAsync(subscription, 1))[0].Payload.ToString(), Is.EqualTo("self"));
    }

    [Test]
    public async Task One_hundred_thousand_messages_arrive_in_order_with_none_missing()
    {
        const int Count = 100_000;
        const int Window = 1_000;
        var channel = TestClients.Key("flood");
        await using var subscription = await _client.SubscribeAsync([channel], new SubscriptionOptions { Capacity = Count });
        var reading = ReadAsync(subscription, Count, TimeSpan.FromSeconds(60));

        for (var start = 0; start < Count; start += Window)
        {
            var publishes = new Task<long>[Window];
            for (var i = 0; i < Window; i++)
            {
                publishes[i] = _publisher.PublishAsync(channel, start + i).AsTask();
            }

            await Task.WhenAll(publishes);
        }

        var messages = await reading;
        var outOfOrder = messages.Select((message, index) => (long)message.Payload == index).Count(inOrder => !inOrder);
        Assert.That(messages, Has.Count.EqualTo(Count));
        Assert.That(outOfOrder, Is.Zero);
        Assert.That(subscription.DroppedCount, Is.Zero);
    }

    [Test]
    public async Task A_thousand_concurrent_subscriptions_each_receive_exactly_their_own_messages()
    {
        const int Subscriptions = 1_000;
        const int PerChannel = 3;
        var prefix = TestClients.Key("many");
        var channels = Enumerable.Range(0, Subscriptions).Select(i => $"{prefix}:{i}").ToArray();
        var subscriptions = await Task.WhenAll(channels.Select(channel => _client.SubscribeAsync(channel)));
        try
        {
            for (var round = 0; round < PerChannel; round++)
            {
                await Task.WhenAll(channels.Select(channel => _publisher.PublishAsync(channel, $"{channel}|{round}").AsTask()));
            }

            var received = await Task.WhenAll(subscriptions.Select(subscription => ReadAsync(subscription, PerChannel)));
            for (var i = 0; i < Subscriptions; i++)
            {
                var expected = Enumerable.Range(0, PerChannel).Select(round => $"{channels[i]}|{round}").ToArray();
                Assert.That(received[i].Select(message => message.Payload.ToString()), Is.EqualTo(expected), channels[i]);
                Assert.That(received[i].Select(message => message.Channel.ToString()), Has.All.EqualTo(channels[i]));
                Assert.That(subscriptions[i].BufferedCount, Is.Zero, "nothing more arrived for " + channels[i]);
            }
        }
        finally
        {
            await Task.WhenAll(subscriptions.Select(subscription => subscription.DisposeAsync().AsTask()));
        }

        var counts = await _publisher.PubSubNumSubAsync([.. channels.Take(10).Select(channel => (RedisValue)channel)]);
        Assert.That(counts.Values, Has.All.Zero);
    }

    [Test]
    public async Task A_consumer_that_stops_reading_drops_the_oldest_and_nothing_else_is_affected()
    {
        const int Published = 1_000;
        const int Capacity = 100;
        var slowChannel = TestClients.Key("slow");
        var otherChannel = TestClients.Key("other");
        await using var slow = await _client.SubscribeAsync([slowChannel], new SubscriptionOptions { Capacity = Capacity, FullMode = SubscriptionFullMode.DropOldest });
        await using var other = await _client.SubscribeAsync(otherChannel);
        var dropReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.MessagesDropped += (_, args) =>
        {
            if (args.TotalDropped == Published - Capacity)
            {
                dropReported.TrySetResult();
            }
        };

        for (var i = 0; i < Published; i++)
        {
            await _publisher.PublishAsync(slowChannel, i);
        }

        // Both subscriptions ride one connection, whose messages arrive in order: once the marker on
        // the other channel is read, every message before it has been handed to the slow subscription.
        await _publisher.PublishAsync(otherChannel, "marker");
        Assert.That((await ReadAsync(other, 1))[0].Payload.ToString(), Is.EqualTo("marker"));

        Assert.That(slow.DroppedCount, Is.EqualTo(Published - Capacity));
        Assert.That(slow.BufferedCount, Is.EqualTo(Capacity));
        var kept = await ReadAsync(slow, Capacity);
        Assert.That(kept.Select(message => (long)message.Payload), Is.EqualTo(Enumerable.Range(Published - Capacity, Capacity).Select(i => (long)i)));
        Assert.That(await _client.EchoAsync("still fine"), Is.EqualTo((RedisValue)"still fine"));
        await dropReported.Task.WaitAsync(TimeSpan.FromSeconds(10)); // raised on the thread pool
    }

    [Test]
    public async Task Local_subscriptions_to_one_channel_share_one_server_subscription_and_the_last_dispose_unsubscribes()
    {
        var channel = TestClients.Key("shared");
        var first = await _client.SubscribeAsync(channel);
        var second = await _client.SubscribeAsync(channel);
        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.EqualTo(1));

        await _publisher.PublishAsync(channel, "both");
        Assert.That((await ReadAsync(first, 1))[0].Payload.ToString(), Is.EqualTo("both"));
        Assert.That((await ReadAsync(second, 1))[0].Payload.ToString(), Is.EqualTo("both"));

        await first.DisposeAsync();
        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.EqualTo(1));
        await _publisher.PublishAsync(channel, "second only");
        Assert.That((await ReadAsync(second, 1))[0].Payload.ToString(), Is.EqualTo("second only"));

        await second.DisposeAsync();
        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.Zero);
        Assert.That(await _publisher.PublishAsync(channel, "nobody"), Is.Zero);
    }

    [Test]
    public async Task Disposing_ends_the_enumeration()
    {
        var subscription = await _client.SubscribeAsync(TestClients.Key("ending"));
        var reading = ReadAsync(subscription, 1, TimeSpan.FromSeconds(5));
        await subscription.DisposeAsync();
        Assert.That(await reading, Is.Empty);
    }

    [Test]
    public async Task Concurrent_subscribe_and_dispose_on_one_channel_ends_with_the_server_matching_the_live_subscriptions()
    {
        const int Workers = 8;
        const int Rounds = 25;
        var channel = TestClients.Key("churn");
        var live = new List<RedisSubscription>();
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var mine = new List<RedisSubscription>();
            for (var round = 0; round < Rounds; round++)
            {
                if (mine.Count > 0 && random.Next(2) == 0)
                {
                    var index = random.Next(mine.Count);
                    var leaving = mine[index];
                    mine.RemoveAt(index);
                    await leaving.DisposeAsync();
                }
                else
                {
                    mine.Add(await _client.SubscribeAsync(channel));
                }
            }

            // Half the workers leave everything behind them, the others end with none.
            if (worker % 2 == 0)
            {
                await Task.WhenAll(mine.Select(subscription => subscription.DisposeAsync().AsTask()));
                mine.Clear();
            }

            lock (live)
            {
                live.AddRange(mine);
            }
        })).ToArray();
        await Task.WhenAll(workers);

        TestContext.Out.WriteLine($"live local subscriptions: {live.Count}");
        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.EqualTo(live.Count > 0 ? 1 : 0));
        if (live.Count > 0)
        {
            await _publisher.PublishAsync(channel, "after churn");
            var received = await Task.WhenAll(live.Select(subscription => ReadAsync(subscription, 1)));
            Assert.That(received.Select(messages => messages[0].Payload.ToString()), Has.All.EqualTo("after churn"));
        }

        await Task.WhenAll(live.Select(subscription => subscription.DisposeAsync().AsTask()));
        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.Zero);
    }

    [Test]
    public async Task A_pattern_subscription_receives_matching_channels_with_the_pattern()
    {
        var prefix = TestClients.Key("pattern");
        var pattern = prefix + ":*";
        await using var subscription = await _client.PSubscribeAsync(pattern);
        Assert.That(await _publisher.PubSubNumPatAsync(), Is.GreaterThanOrEqualTo(1));

        await _publisher.PublishAsync(prefix + ":a", "1");
        await _publisher.PublishAsync(prefix + "-no-match", "x");
        await _publisher.PublishAsync(prefix + ":b", "2");
        var messages = await ReadAsync(subscription, 2);
        Assert.That(messages.Select(message => message.Channel.ToString()), Is.EqualTo(new[] { prefix + ":a", prefix + ":b" }));
        Assert.That(messages.Select(message => message.Pattern.ToString()), Has.All.EqualTo(pattern));
        Assert.That(messages.Select(message => message.Payload.ToString()), Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public async Task A_shard_subscription_receives_spublish_and_pubsub_shard_commands_see_it()
    {
        var channel = TestClients.Key("shard");
        await using var subscription = await _client.SSubscribeAsync(channel);

        Assert.That(await _publisher.PubSubShardChannelsAsync(channel), Is.EqualTo(new[] { (RedisValue)channel }));
        Assert.That((await _publisher.PubSubShardNumSubAsync([channel]))[channel], Is.EqualTo(1));
        Assert.That(await _publisher.SPublishAsync(channel, "sharded"), Is.EqualTo(1));
        var message = (await ReadAsync(subscription, 1))[0];
        Assert.That((message.Channel.ToString(), message.Payload.ToString()), Is.EqualTo((channel, "sharded")));

        await subscription.DisposeAsync();
        Assert.That((await _publisher.PubSubShardNumSubAsync([channel]))[channel], Is.Zero);
    }

    [Test]
    public async Task Pubsub_channels_and_numsub_report_active_channels()
    {
        var prefix = TestClients.Key("introspect");
        var one = prefix + ":1";
        var two = prefix + ":2";
        var none = prefix + ":none";
        await using var first = await _client.SubscribeAsync([one, two]);
        await using var second = await _publisher.SubscribeAsync(two);

        Assert.That((await _publisher.PubSubChannelsAsync(prefix + ":*")).Select(c => c.ToString()), Is.EquivalentTo(new[] { one, two }));
        Assert.That((await _publisher.PubSubChannelsAsync()).Select(c => c.ToString()), Is.SupersetOf(new[] { one, two }));
        var counts = await _publisher.PubSubNumSubAsync([one, two, none]);
        Assert.That(counts.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value), Is.EqualTo(new Dictionary<string, long> { [one] = 1, [two] = 2, [none] = 0 }));
        Assert.That(await _publisher.PublishAsync(two, string.Create(CultureInfo.InvariantCulture, $"{2}")), Is.EqualTo(2));
    }

    [Test]
    public async Task A_name_given_twice_delivers_each_message_once()
    {
        var channel = TestClients.Key("twice");
        var marker = TestClients.Key("marker");
        await using var subscription = await _client.SubscribeAsync([channel, channel, marker]);
        await _publisher.PublishAsync(channel, "once");
        await _publisher.PublishAsync(marker, "end");
        var messages = await ReadAsync(subscription, 2);
        Assert.That(messages.Select(message => message.Payload.ToString()), Is.EqualTo(new[] { "once", "end" }));
    }

    [Test]
    public async Task A_subscribe_cancelled_before_it_starts_leaves_no_subscription()
    {
        var channel = TestClients.Key("cancelled");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await _client.SubscribeAsync([channel], null, cancelled.Token));
        Assert.That((await _publisher.PubSubNumSubAsync([channel]))[channel], Is.Zero);
        Assert.That(await _publisher.PublishAsync(channel, "nobody"), Is.Zero);
    }

    [Test]
    public void Subscribing_to_nothing_or_null_is_refused()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.SubscribeAsync([], null));
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.SubscribeAsync(RedisValue.Null));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _client.SubscribeAsync(["x"], new SubscriptionOptions { Capacity = 0 }));
    }
}
