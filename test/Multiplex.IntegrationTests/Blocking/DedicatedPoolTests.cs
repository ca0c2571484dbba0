using System.Collections.Concurrent;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>The dedicated pool under load: bounded, fair to the shared connection, nothing lost.</summary>
public sealed class DedicatedPoolTests
{
    [Test]
    public async Task Twenty_blpop_loops_receive_ten_thousand_items_exactly_once()
    {
        const int Items = 10_000;
        const int Consumers = 20;
        await using var client = await TestClients.ConnectAsync();
        var list = TestClients.Key("queue");
        var received = new ConcurrentBag<long>();
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var consumers = Enumerable.Range(0, Consumers).Select(_ => Task.Run(async () =>
        {
            while (received.Count < Items && !done.IsCancellationRequested)
            {
                var element = await client.BLPopAsync([list], TimeSpan.FromMilliseconds(200));
                if (element is { } popped)
                {
                    received.Add((long)popped.Value);
                }
            }
        })).ToArray();

        for (var start = 0; start < Items; start += 100)
        {
            await client.ExecuteAsync("RPUSH", [list, .. Enumerable.Range(start, 100).Select(i => (RedisValue)i)]);
        }

        await Task.WhenAll(consumers);
        Assert.That(received, Has.Count.EqualTo(Items));
        Assert.That(received.Distinct().Count(), Is.EqualTo(Items), "an item was received twice");
        Assert.That(received.Order(), Is.EqualTo(Enumerable.Range(0, Items).Select(i => (long)i)));
    }

    [Test]
    public async Task Blocked_callers_do_not_slow_the_shared_connection()
    {
        await using var client = await TestClients.ConnectAsync(options => options with
        {
            DedicatedPool = new DedicatedPoolOptions { MaxSize = 64 },
        });
        var baseline = await MeasureGetSetP99Async(client);

        using var stopBlocking = new CancellationTokenSource();
        var blocked = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await client.BLPopAsync([TestClients.Key($"blocked:{i}")], TimeSpan.FromSeconds(30), stopBlocking.Token);
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();
        await Task.Delay(200);
        var withBlocked = await MeasureGetSetP99Async(client);
        await stopBlocking.CancelAsync();
        await Task.WhenAll(blocked);

        TestContext.Out.WriteLine($"GET/SET p99: {baseline.TotalMilliseconds:0.00} ms alone, {withBlocked.TotalMilliseconds:0.00} ms with 50 blocked callers");

        // The goal is within 2x; the bound asserted is looser so a busy 2-core CI machine stays green,
        // while a shared connection stalled behind BLPOP (30 s) would still fail it by far.
        Assert.That(withBlocked, Is.LessThan((baseline * 4) + TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public async Task The_pool_never_exceeds_its_bound_and_a_lease_beyond_it_fails_after_the_lease_timeout()
    {
        await using var client = await TestClients.ConnectAsync(options => options with
        {
            DedicatedPool = new DedicatedPoolOptions { MaxSize = 2, LeaseTimeout = TimeSpan.FromMilliseconds(300) },
        });
        var key = TestClients.Key("bound");
        var pool = client.DedicatedPoolFor(key);
        using var release = new CancellationTokenSource();
        var holders = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await client.BLPopAsync([TestClients.Key($"hold:{i}")], TimeSpan.FromSeconds(30), release.Token);
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();
        while (pool.LeasedCount < 2)
        {
            await Task.Delay(10);
        }

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.BLPopAsync([key], TimeSpan.FromSeconds(1)));
        Assert.That(error!.Message, Does.Contain("DedicatedPool.MaxSize"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(pool.OpenCount, Is.LessThanOrEqualTo(2));

        await release.CancelAsync();
        await Task.WhenAll(holders);
        Assert.That(await client.BLPopAsync([key], TimeSpan.FromMilliseconds(50)), Is.Null, "a lease succeeds once connections are free");
        Assert.That(pool.OpenCount, Is.LessThanOrEqualTo(2));
    }

    private static async Task<TimeSpan> MeasureGetSetP99Async(RedisClient client)
    {
        var samples = new ConcurrentBag<double>();
        var key = TestClients.Key("latency");
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            for (var round = 0; round < 50; round++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await client.SetAsync($"{key}:{i}", round);
                await client.GetAsync($"{key}:{i}");
                samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var sorted = samples.Order().ToArray();
        return TimeSpan.FromMilliseconds(sorted[(int)(sorted.Length * 0.99)]);
    }
}
