namespace Multiplex.Tests.PubSub;

public sealed class RedisSubscriptionTests
{
    [TestCase(SubscriptionFullMode.DropOldest, 151, 250)]
    [TestCase(SubscriptionFullMode.DropNewest, 1, 100)]
    public async Task A_full_buffer_drops_by_its_mode_and_counts_exactly(SubscriptionFullMode mode, int firstKept, int lastKept)
    {
        var dropped = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = Create(new SubscriptionOptions { Capacity = 100, FullMode = mode });
        subscription.MessagesDropped += (_, e) => { if (e.TotalDropped == 150) { dropped.TrySetResult(e.TotalDropped); } };

        for (var i = 1; i <= 250; i++)
        {
            subscription.Deliver(new RedisMessage("c", i));
        }

        Assert.That(subscription.DroppedCount, Is.EqualTo(150));
        await subscription.DisposeAsync();
        var received = new List<long>();
        await foreach (var message in subscription)
        {
            received.Add((long)message.Payload);
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(firstKept, 100).Select(i => (long)i)));
        Assert.That(received[^1], Is.EqualTo(lastKept));
        Assert.That(await dropped.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(150));
    }

    [Test]
    public async Task Disposing_unsubscribes_once_and_ends_the_enumeration()
    {
        var unsubscribed = 0;
        var subscription = new RedisSubscription(SubscriptionKind.Channel, ["c"], SubscriptionOptions.Default, _ => { unsubscribed++; return ValueTask.CompletedTask; });
        subscription.Deliver(new RedisMessage("c", "last"));
        await subscription.DisposeAsync();
        await subscription.DisposeAsync();
        var received = new List<string>();
        await foreach (var message in subscription)
        {
            received.Add(message.Payload.ToString());
        }

        Assert.That(unsubscribed, Is.EqualTo(1));
        Assert.That(received, Is.EqualTo(new[] { "last" }));
    }

    [Test]
    public async Task A_restore_is_recorded_and_raised_off_the_caller()
    {
        var subscription = Create(SubscriptionOptions.Default);
        var raised = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.Restored += (_, e) => raised.TrySetResult(e.RestoredAt);
        Assert.That(subscription.LastRestoredAt, Is.Null);

        var at = DateTimeOffset.UtcNow;
        subscription.OnRestored(at);
        Assert.That(subscription.LastRestoredAt, Is.EqualTo(at));
        Assert.That(await raised.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(at));
    }

    [Test]
    public async Task Only_one_reader_at_a_time()
    {
        var subscription = Create(SubscriptionOptions.Default);
        subscription.Deliver(new RedisMessage("c", "1"));
        await using var first = subscription.GetAsyncEnumerator();
        Assert.That(await first.MoveNextAsync(), Is.True);
        await using var second = subscription.GetAsyncEnumerator();
        Assert.ThrowsAsync<InvalidOperationException>(async () => await second.MoveNextAsync());
    }

    [Test]
    public void Options_reject_a_capacity_below_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubscriptionOptions { Capacity = 0 }.Validate());

    private static RedisSubscription Create(SubscriptionOptions options) =>
        new(SubscriptionKind.Channel, ["c"], options, _ => ValueTask.CompletedTask);
}
