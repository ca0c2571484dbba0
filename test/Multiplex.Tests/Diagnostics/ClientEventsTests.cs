using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Tests.Diagnostics;

/// <summary>The client's event queue: order, isolation from the raiser and from throwing handlers, cost, disposal.</summary>
public sealed class ClientEventsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly HandshakeResult Resp3 = new(RedisProtocol.Resp3, "7.0.15", 1);

    [Test]
    public async Task Handlers_run_off_the_raising_thread_in_the_order_raised()
    {
        await using var events = new ClientEvents { Sender = this };
        var seen = new List<(string Endpoint, int Thread)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Add(ref events.Connected, (_, args) =>
        {
            lock (seen)
            {
                seen.Add((args.Endpoint, Environment.CurrentManagedThreadId));
                if (seen.Count == 100)
                {
                    done.TrySetResult();
                }
            }
        });

        var raiser = Environment.CurrentManagedThreadId;
        for (var i = 0; i < 100; i++)
        {
            events.OnConnected($"host:{i}", ConnectionKind.Shared, Resp3);
        }

        await done.Task.WaitAsync(Patience);
        Assert.That(seen.Select(item => item.Endpoint), Is.EqualTo(Enumerable.Range(0, 100).Select(i => $"host:{i}")));
        Assert.That(seen.Select(item => item.Thread), Has.None.EqualTo(raiser));
    }

    [Test]
    public async Task A_throwing_handler_is_skipped_and_the_others_still_get_every_event()
    {
        await using var events = new ClientEvents { Sender = this };
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Add(ref events.Error, (_, _) => throw new InvalidOperationException("handler bug"));
        events.Add(ref events.Error, (_, _) =>
        {
            if (Interlocked.Increment(ref received) == 3)
            {
                done.TrySetResult();
            }
        });

        for (var i = 0; i < 3; i++)
        {
            events.OnError("host:1", ConnectionKind.Shared, "reading replies", new RedisProtocolException("bad byte"));
        }

        await done.Task.WaitAsync(Patience);
        Assert.That(Volatile.Read(ref received), Is.EqualTo(3));
    }

    [Test]
    public async Task The_sender_is_the_client_and_the_arguments_say_what_happened()
    {
        var sender = new object();
        await using var events = new ClientEvents { Sender = sender };
        var received = new TaskCompletionSource<(object? Sender, ReconnectedEventArgs Args)>(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Add(ref events.Reconnected, (s, args) => received.TrySetResult((s, args)));

        events.OnReconnected("host:1", ConnectionKind.Subscriber, 3, TimeSpan.FromSeconds(2));

        var (from, args) = await received.Task.WaitAsync(Patience);
        Assert.That(from, Is.SameAs(sender));
        Assert.That((args.Endpoint, args.ConnectionKind, args.Attempts, args.Downtime), Is.EqualTo(("host:1", ConnectionKind.Subscriber, 3, TimeSpan.FromSeconds(2))));
    }

    [Test]
    public async Task Raising_an_event_nobody_listens_to_allocates_nothing()
    {
        await using var events = new ClientEvents { Sender = this };
        var error = new RedisConnectionException("down");
        events.Add(ref events.TopologyChanged, (_, _) => { }); // another event's handler does not make these cost

        // Warm up, then measure on this thread only.
        RaiseAll(events, error);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RaiseAll(events, error);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public async Task A_blocked_handler_makes_events_beyond_the_bound_drop_and_be_counted()
    {
        await using var events = new ClientEvents { Sender = this };
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Add(ref events.ConnectionFailed, (_, _) =>
        {
            entered.TrySetResult();
            release.Wait(Patience);
        });

        events.OnConnectionFailed("host:1", ConnectionKind.Shared, new RedisConnectionException("down"), 0);
        await entered.Task.WaitAsync(Patience);
        for (var i = 0; i < 1024 + 10; i++)
        {
            events.OnConnectionFailed("host:1", ConnectionKind.Shared, new RedisConnectionException("down"), i + 1);
        }

        Assert.That(events.DroppedCount, Is.EqualTo(10));
        release.Set();
    }

    [Test]
    public async Task No_handler_runs_after_disposal_returns_and_events_still_queued_are_dropped()
    {
        var events = new ClientEvents { Sender = this };
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        events.Add(ref events.Connected, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            entered.TrySetResult();
            release.Wait(Patience);
        });

        events.OnConnected("host:1", ConnectionKind.Shared, Resp3);
        events.OnConnected("host:2", ConnectionKind.Shared, Resp3);
        await entered.Task.WaitAsync(Patience);

        var disposing = events.DisposeAsync().AsTask();
        Assert.That(disposing.IsCompleted, Is.False, "disposal waits for the handler running now");
        release.Set();
        await disposing.WaitAsync(Patience);
        events.OnConnected("host:3", ConnectionKind.Shared, Resp3);
        await Task.Delay(100);

        Assert.That(Volatile.Read(ref calls), Is.EqualTo(1));
    }

    [Test]
    public async Task Disposal_from_a_handler_does_not_wait_for_itself()
    {
        var events = new ClientEvents { Sender = this };
        var disposed = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Add(ref events.Connected, (_, _) => disposed.TrySetResult(events.DisposeAsync().AsTask()));

        events.OnConnected("host:1", ConnectionKind.Shared, Resp3);

        var disposal = await disposed.Task.WaitAsync(Patience);
        await disposal.WaitAsync(Patience);
        Assert.That(disposal.IsCompletedSuccessfully, Is.True);
    }

    private static void RaiseAll(ClientEvents events, Exception error)
    {
        events.OnConnected("host:1", ConnectionKind.Shared, Resp3);
        events.OnConnectionFailed("host:1", ConnectionKind.Shared, error, 0);
        events.OnReconnected("host:1", ConnectionKind.Shared, 1, TimeSpan.Zero);
        events.OnReauthenticated("host:1", ConnectionKind.Shared);
        events.OnReauthenticationFailed("host:1", ConnectionKind.Shared, error);
        events.OnError("host:1", ConnectionKind.Shared, "reading replies", error);
        _ = events.WantsMaintenanceNotifications;
    }
}
