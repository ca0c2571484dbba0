using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.PubSub;

namespace Multiplex.Tests.PubSub;

/// <summary>What the reader loop does with each push: deliver it, hand it to the in-flight head, or drop it.</summary>
public sealed class PubSubHubTests
{
    [TestCase(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n")]
    [TestCase("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n")]
    [TestCase(">3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n")]
    [TestCase("*3\r\n$12\r\nsunsubscribe\r\n$1\r\na\r\n:0\r\n")]
    public void Confirmations_answer_the_in_flight_head(string wire) =>
        Assert.That(Hub().OnPush(Frame(wire)), Is.True);

    [Test]
    public void The_subscribed_resp2_pong_answers_the_in_flight_ping() =>
        Assert.That(Hub().OnPush(Frame("*2\r\n$4\r\npong\r\n$0\r\n\r\n")), Is.True);

    [Test]
    public void An_unknown_resp3_push_is_dropped() =>
        Assert.That(Hub().OnPush(Frame(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n")), Is.False);

    [TestCase(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")]
    [TestCase("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")]
    public void A_message_is_delivered_to_its_channel_only_and_consumed(string wire)
    {
        var hub = Hub();
        var news = Subscription(SubscriptionKind.Channel, "news");
        var sport = Subscription(SubscriptionKind.Channel, "sport");
        lock (hub.Registry.SyncRoot)
        {
            hub.Registry.Add(news);
            hub.Registry.Add(sport);
        }

        Assert.That(hub.OnPush(Frame(wire)), Is.False);
        Assert.That((news.BufferedCount, sport.BufferedCount), Is.EqualTo((1, 0)));
    }

    [Test]
    public void A_message_for_a_channel_without_a_local_subscription_is_dropped()
    {
        var hub = Hub();
        var news = Subscription(SubscriptionKind.Channel, "news");
        lock (hub.Registry.SyncRoot)
        {
            hub.Registry.Add(news);
            hub.Registry.Remove(news);
        }

        Assert.That(hub.OnPush(Frame(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nlate!\r\n")), Is.False);
        Assert.That(news.BufferedCount, Is.Zero);
    }

    private static PubSubHub Hub() =>
        new(new RedisClientOptions(), () => throw new InvalidOperationException("No connection in a unit test."), NullLogger.Instance);

    private static RedisSubscription Subscription(SubscriptionKind kind, string name) =>
        new(kind, [name], SubscriptionOptions.Default, _ => ValueTask.CompletedTask);

    private static ReadOnlySequence<byte> Frame(string wire) => new(Encoding.ASCII.GetBytes(wire));
}
