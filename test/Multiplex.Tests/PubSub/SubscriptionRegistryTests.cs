using Multiplex.PubSub;

namespace Multiplex.Tests.PubSub;

public sealed class SubscriptionRegistryTests
{
    [Test]
    public void The_first_subscriber_of_a_channel_needs_a_server_subscribe_and_the_last_one_out_an_unsubscribe()
    {
        var registry = new SubscriptionRegistry();
        var first = Subscription(SubscriptionKind.Channel, "a", "b");
        var second = Subscription(SubscriptionKind.Channel, "b", "c");

        Assert.That(Names(registry.Add(first)), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Names(registry.Add(second)), Is.EqualTo(new[] { "c" }));
        Assert.That(Names(registry.Remove(first)), Is.EqualTo(new[] { "a" }));
        Assert.That(Names(registry.Names(SubscriptionKind.Channel)), Is.EquivalentTo(new[] { "b", "c" }));
        Assert.That(Names(registry.Remove(second)), Is.EquivalentTo(new[] { "b", "c" }));
        Assert.That(registry.IsEmpty, Is.True);
    }

    [Test]
    public void Kinds_are_counted_separately()
    {
        var registry = new SubscriptionRegistry();
        Assert.That(registry.Add(Subscription(SubscriptionKind.Channel, "x")), Has.Count.EqualTo(1));
        Assert.That(registry.Add(Subscription(SubscriptionKind.Pattern, "x")), Has.Count.EqualTo(1));
        Assert.That(registry.Add(Subscription(SubscriptionKind.Shard, "x")), Has.Count.EqualTo(1));
        Assert.That(registry.All(), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Messages_reach_every_local_subscriber_of_their_channel_and_no_other()
    {
        var registry = new SubscriptionRegistry();
        var news1 = Subscription(SubscriptionKind.Channel, "news");
        var news2 = Subscription(SubscriptionKind.Channel, "news");
        var sport = Subscription(SubscriptionKind.Channel, "sport");
        var pattern = Subscription(SubscriptionKind.Pattern, "n*");
        foreach (var subscription in new[] { news1, news2, sport, pattern })
        {
            registry.Add(subscription);
        }

        Assert.That(registry.Route(new PushMessage(PushKind.Message, (byte[])"news"u8.ToArray(), RedisValue.Null, "1", 0)), Is.EqualTo(2));
        Assert.That(registry.Route(new PushMessage(PushKind.PatternMessage, "news", "n*", "2", 0)), Is.EqualTo(1));
        Assert.That(registry.Route(new PushMessage(PushKind.Message, "weather", RedisValue.Null, "3", 0)), Is.Zero);

        Assert.That(news1.BufferedCount, Is.EqualTo(1));
        Assert.That(news2.BufferedCount, Is.EqualTo(1));
        Assert.That(sport.BufferedCount, Is.Zero);
        await using var enumerator = pattern.GetAsyncEnumerator();
        Assert.That(await enumerator.MoveNextAsync(), Is.True);
        Assert.That(enumerator.Current, Is.EqualTo(new RedisMessage("news", "2", "n*")));
    }

    private static RedisSubscription Subscription(SubscriptionKind kind, params string[] names) =>
        new(kind, [.. names.Select(name => (RedisValue)name)], SubscriptionOptions.Default, _ => ValueTask.CompletedTask);

    private static string[] Names(IEnumerable<RedisValue> values) => [.. values.Select(value => value.ToString())];
}
