using Multiplex.IntegrationTests.Support;
using static Multiplex.IntegrationTests.PubSub.SubscriptionReading;

namespace Multiplex.IntegrationTests.PubSub;

/// <summary>
/// The single-name forms of SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE take subscription options, as the
/// list forms do: a buffer of two that drops the newest keeps the first two of five messages.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SingleNameSubscriptionOptionsTests(ServerKind kind) : ClientFixture(kind)
{
    private const int Published = 5;
    private const int Capacity = 2;

    private static readonly SubscriptionOptions KeepTheFirstTwo = new() { Capacity = Capacity, FullMode = SubscriptionFullMode.DropNewest };

    [Test]
    public async Task A_channel_subscription_to_one_name_buffers_by_its_options()
    {
        var channel = TestClients.Key("one-channel");
        await using var subscription = await Client.SubscribeAsync(channel, KeepTheFirstTwo);

        await AssertBuffersByTheOptionsAsync(subscription, async payload => await Client.PublishAsync(channel, payload));
    }

    [Test]
    public async Task A_pattern_subscription_to_one_pattern_buffers_by_its_options()
    {
        var prefix = TestClients.Key("one-pattern");
        await using var subscription = await Client.PSubscribeAsync(prefix + ":*", KeepTheFirstTwo);

        await AssertBuffersByTheOptionsAsync(subscription, async payload => await Client.PublishAsync(prefix + ":news", payload));
    }

    [Test]
    public async Task A_shard_subscription_to_one_channel_buffers_by_its_options()
    {
        var channel = TestClients.Key("one-shard");
        await using var subscription = await Client.SSubscribeAsync(channel, KeepTheFirstTwo);

        await AssertBuffersByTheOptionsAsync(subscription, async payload => await Client.SPublishAsync(channel, payload));
    }

    [Test]
    public async Task Null_options_on_a_single_name_mean_the_defaults()
    {
        var channel = TestClients.Key("default-options");
        await using var subscription = await Client.SubscribeAsync(channel, options: null);

        for (var i = 0; i < Published; i++)
        {
            await Client.PublishAsync(channel, i);
        }

        var messages = await ReadAsync(subscription, Published);
        Assert.That(messages.Select(message => (long)message.Payload), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
        Assert.That(subscription.DroppedCount, Is.Zero);
    }

    private static async Task AssertBuffersByTheOptionsAsync(RedisSubscription subscription, Func<int, Task> publish)
    {
        for (var i = 0; i < Published; i++)
        {
            await publish(i);
        }

        // Nothing reads until every message has arrived, so the buffer of two drops the last three.
        Assert.That(() => subscription.DroppedCount, Is.EqualTo(Published - Capacity).After(10_000, 10));
        var kept = await ReadAsync(subscription, Capacity);
        Assert.That(kept.Select(message => (long)message.Payload), Is.EqualTo(new long[] { 0, 1 }));
        Assert.That(subscription.BufferedCount, Is.Zero);
    }
}
