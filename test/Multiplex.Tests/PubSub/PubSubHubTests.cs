using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.PubSub;

namespace Multiplex.Tests.PubSub;

/// <summary>What the reader loop does with each push: deliver it, hand it to the in-flight head, or consume it.</summary>
public sealed class PubSubHubTests
{
    private static readonly RedisClientOptions Options = new();

    // Not connected: the hub only names it (and looks its subscriptions up) in these tests.
    private static readonly Connection Connection = new(RedisEndpoint.Parse("127.0.0.1:6379"), Options, NullLogger.Instance, new ClientEvents());

    [TestCase(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", "SUBSCRIBE", "a")]
    [TestCase("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", "SUBSCRIBE", "a")]
    [TestCase(">3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n", "PUNSUBSCRIBE", "a*")]
    [TestCase("*3\r\n$12\r\nsunsubscribe\r\n$1\r\na\r\n:0\r\n", "SUNSUBSCRIBE", "a")]
    [TestCase(">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n", "UNSUBSCRIBE", "a")]
    public void A_confirmation_answers_the_head_waiting_for_it(string wire, string command, string name) =>
        Assert.That(Hub().OnPush(Connection, Frame(wire), Waiting(Head(command, name))), Is.True);

    [TestCase(">3\r\n$12\r\nsunsubscribe\r\n$1\r\na\r\n:0\r\n", null, null)]
    [TestCase("*3\r\n$12\r\nsunsubscribe\r\n$1\r\na\r\n:0\r\n", null, null)]
    [TestCase(">3\r\n$12\r\nsunsubscribe\r\n$1\r\na\r\n:0\r\n", "SSUBSCRIBE", "a")]
    [TestCase(">3\r\n$12\r\nsunsubscribe\r\n$1\r\na\r\n:0\r\n", "SUNSUBSCRIBE", "b")]
    [TestCase("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", "PSUBSCRIBE", "a")]
    public void A_confirmation_nothing_waits_for_is_the_servers_own_and_is_consumed(string wire, string? command, string? name) =>
        Assert.That(Hub().OnPush(Connection, Frame(wire), Waiting(command is null ? null : Head(command, name!))), Is.False);

    [Test]
    public void The_subscribed_resp2_pong_answers_the_in_flight_ping() =>
        Assert.That(Hub().OnPush(Connection, Frame("*2\r\n$4\r\npong\r\n$0\r\n\r\n"), Waiting(null)), Is.True);

    [Test]
    public void An_unknown_resp3_push_is_dropped() =>
        Assert.That(Hub().OnPush(Connection, Frame(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n"), Waiting(null)), Is.False);

    [Test]
    public void A_maintenance_push_is_consumed_and_never_answers_the_in_flight_head() =>
        Assert.That(Hub().OnPush(Connection, Frame(">4\r\n$6\r\nMOVING\r\n:7\r\n:15\r\n$14\r\n10.0.0.9:12000\r\n"), Waiting(Head("SUBSCRIBE", "a"))), Is.False);

    [Test]
    public async Task A_maintenance_push_is_reported_to_the_clients_handlers_when_they_listen()
    {
        await using var events = new ClientEvents { Sender = this };
        var received = new TaskCompletionSource<MaintenanceNotificationEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Add(ref events.MaintenanceNotification, (_, args) => received.TrySetResult(args));
        var hub = new PubSubHub(Options, NullLogger.Instance, events);

        Assert.That(hub.OnPush(Connection, Frame(">4\r\n$6\r\nMOVING\r\n:7\r\n:15\r\n$14\r\n10.0.0.9:12000\r\n"), Waiting(null)), Is.False);

        var notification = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(notification.Kind, Is.EqualTo(MaintenanceNotificationKind.Moving));
        Assert.That(notification.Target, Is.EqualTo("10.0.0.9:12000"));
        Assert.That(notification.Endpoint, Is.EqualTo("127.0.0.1:6379"));
    }

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

        Assert.That(hub.OnPush(Connection, Frame(wire), Waiting(Head("SUBSCRIBE", "news"))), Is.False);
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

        Assert.That(hub.OnPush(Connection, Frame(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nlate!\r\n"), Waiting(null)), Is.False);
        Assert.That(news.BufferedCount, Is.Zero);
    }

    private static PubSubHub Hub() => new(Options, NullLogger.Instance);

    /// <summary>An in-flight queue holding <paramref name="head"/> (empty when null).</summary>
    private static InFlightQueue Waiting(PendingCommand? head)
    {
        var queue = new InFlightQueue();
        if (head is not null)
        {
            queue.TryEnqueue(head);
        }

        return queue;
    }

    private static SubscriptionCommand Head(string command, string name) =>
        new(CommandSpec.Other(command), [name], TimeSpan.FromSeconds(1));

    private static RedisSubscription Subscription(SubscriptionKind kind, string name) =>
        new(kind, [name], SubscriptionOptions.Default, _ => ValueTask.CompletedTask);

    private static ReadOnlySequence<byte> Frame(string wire) => new(Encoding.ASCII.GetBytes(wire));
}
