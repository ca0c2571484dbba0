using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Locks;

/// <summary>
/// Distributed locks against a real server: mutual exclusion under contention, fencing tokens, lease
/// expiry and renewal, waking waiters by notification, and cancellation that leaves nothing held.
/// </summary>
[NonParallelizable]
public sealed class DistributedLockTests() : ClientFixture(ServerKind.RedisResp3)
{
    [Test]
    public async Task Fifty_workers_times_two_hundred_critical_sections_never_overlap_and_count_exactly()
    {
        const int Workers = 50;
        const int Sections = 200;
        var name = TestClients.Key("counter-lock");
        var counter = TestClients.Key("counter");
        var options = new LockOptions { LeaseTime = TimeSpan.FromSeconds(30), WaitTime = TimeSpan.FromMinutes(2) };
        var inside = 0;
        var overlaps = 0;
        var events = new ConcurrentQueue<(long Fence, int Worker, bool Enter)>();
        var fences = new ConcurrentBag<long>();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < Sections; i++)
            {
                await using var held = await Client.AcquireLockAsync(name, options);
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                events.Enqueue((held.FencingToken, worker, true));
                fences.Add(held.FencingToken);
                var value = (long?)await Client.GetAsync(counter) ?? 0;
                await Client.SetAsync(counter, value + 1);
                events.Enqueue((held.FencingToken, worker, false));
                Interlocked.Decrement(ref inside);
            }
        })));

        Assert.That((long?)await Client.GetAsync(counter), Is.EqualTo(Workers * Sections));
        Assert.That(overlaps, Is.Zero);

        // Enter and exit strictly alternate, each pair from one holder.
        var log = events.ToArray();
        for (var i = 0; i < log.Length; i += 2)
        {
            Assert.That(log[i].Enter && !log[i + 1].Enter && log[i].Fence == log[i + 1].Fence, $"interleaved at {i}");
        }

        // Fencing tokens increase strictly in the order the sections ran, and are all distinct.
        var order = log.Where(entry => entry.Enter).Select(entry => entry.Fence).ToArray();
        Assert.That(order, Is.Ordered.Ascending);
        Assert.That(fences.Distinct().Count(), Is.EqualTo(Workers * Sections));
        Assert.That(await Client.IsLockedAsync(name), Is.False);
    }

    [Test]
    public async Task A_holder_past_its_lease_without_renewal_loses_the_lock_its_token_fires_and_release_fails()
    {
        var name = TestClients.Key("lease");
        var held = await Client.AcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.FromMilliseconds(300) });
        var lost = new TaskCompletionSource();
        await using var registration = held.Lost.Register(() => lost.TrySetResult());

        Assert.That(await Task.WhenAny(lost.Task, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(lost.Task), "Lost fires");
        await Task.Delay(100); // the server's own expiry, a moment later at most
        var other = await Client.TryAcquireLockAsync(name);
        Assert.That(other, Is.Not.Null, "someone else can take it now");
        Assert.That(other!.FencingToken, Is.GreaterThan(held.FencingToken));
        Assert.That(await held.IsOwnedAsync(), Is.False);
        var error = Assert.ThrowsAsync<LockNotOwnedException>(async () => await held.ReleaseAsync());
        Assert.That(error!.LockName, Is.EqualTo(name));
        Assert.ThrowsAsync<LockNotOwnedException>(async () => await held.ExtendAsync(TimeSpan.FromSeconds(1)));
        Assert.That(await other.IsOwnedAsync(), Is.True, "the failed release did not touch the new holder's lock");
        await other.ReleaseAsync();
        await held.DisposeAsync(); // quiet for a lost lock
    }

    [Test]
    public async Task With_renewal_a_holder_that_works_ten_leases_keeps_the_lock()
    {
        var name = TestClients.Key("renewed");
        await using var held = await Client.AcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.FromMilliseconds(200), AutoRenew = true });

        await Task.Delay(TimeSpan.FromMilliseconds(2000));

        Assert.That(held.Lost.IsCancellationRequested, Is.False);
        Assert.That(await held.IsOwnedAsync(), Is.True);
        Assert.That(await Client.TryAcquireLockAsync(name), Is.Null);
        await held.ReleaseAsync();
        Assert.That(held.Lost.IsCancellationRequested, Is.True, "a released handle's token fires");
        Assert.That(await Client.IsLockedAsync(name), Is.False);
    }

    [Test]
    public async Task A_waiter_is_woken_by_the_release_not_by_its_fallback_interval()
    {
        var name = TestClients.Key("wake");
        var options = new LockOptions { RetryInterval = TimeSpan.FromSeconds(1), WaitTime = TimeSpan.FromSeconds(20) };
        var delays = new List<double>();
        for (var round = 0; round < 20; round++)
        {
            var held = await Client.AcquireLockAsync(name, options);
            var waiter = Client.AcquireLockAsync(name, options);
            await Task.Delay(30); // the waiter is subscribed and waiting
            var releasedAt = Stopwatch.GetTimestamp();
            await held.ReleaseAsync();
            await using var next = await waiter;
            delays.Add(Stopwatch.GetElapsedTime(releasedAt).TotalMilliseconds);
        }

        delays.Sort();
        var median = delays[delays.Count / 2];
        TestContext.Out.WriteLine($"release to waiter holding the lock: median {median:0.0} ms, max {delays[^1]:0.0} ms (fallback interval 1,000 ms)");
        Assert.That(median, Is.LessThan(500), "woken by the notification, not by the 1 s fallback");
    }

    [Test]
    public async Task Acquisitions_cancelled_at_random_moments_leave_no_lock_behind()
    {
        var name = TestClients.Key("cancelled");
        var random = new Random(2026);
        var acquired = 0;
        var cancelled = 0;
        var tasks = new List<Task>();
        for (var i = 0; i < 1000; i++)
        {
            var delay = TimeSpan.FromTicks(random.Next(0, 200_000)); // 0 to 20 ms
            tasks.Add(Task.Run(async () =>
            {
                using var cancel = new CancellationTokenSource(delay);
                try
                {
                    await using var held = await Client.AcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.FromMinutes(5) }, cancel.Token);
                    Interlocked.Increment(ref acquired);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                }
            }));
        }

        await Task.WhenAll(tasks);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{acquired} acquired and released, {cancelled} cancelled"));
        Assert.That(acquired + cancelled, Is.EqualTo(1000));
        Assert.That(cancelled, Is.GreaterThan(0), "some were cancelled");
        Assert.That(await Client.IsLockedAsync(name), Is.False, "the 5-minute lease would still hold an orphaned lock");

        // Uncontended, cancelled within a round trip: the acquisition is often in flight with the lock free.
        var free = TestClients.Key("cancelled-free");
        var (freeAcquired, freeCancelled) = (0, 0);
        for (var i = 0; i < 200; i++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromTicks(random.Next(0, 5_000)));
            try
            {
                await using var held = await Client.AcquireLockAsync(free, new LockOptions { LeaseTime = TimeSpan.FromMinutes(5) }, cancel.Token);
                freeAcquired++;
            }
            catch (OperationCanceledException)
            {
                freeCancelled++;
                Assert.That(await Client.IsLockedAsync(free), Is.False, $"orphaned by cancellation {i}");
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"uncontended: {freeAcquired} acquired, {freeCancelled} cancelled"));
        Assert.That(await Client.IsLockedAsync(free), Is.False);
    }

    [Test]
    public async Task Disposing_the_client_under_a_holder_and_a_waiter_fails_the_waiter_and_the_handle_disposes_quietly()
    {
        var name = TestClients.Key("disposed");
        var own = await TestClients.ConnectAsync(Kind);
        var held = await own.AcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.FromSeconds(2), AutoRenew = true });
        var waiter = own.AcquireLockAsync(name, new LockOptions { WaitTime = TimeSpan.FromSeconds(30) });
        await Task.Delay(50);

        await own.DisposeAsync();

        Assert.That(async () => await waiter, Throws.InstanceOf<RedisException>().Or.InstanceOf<ObjectDisposedException>().Or.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await held.DisposeAsync(), Throws.Nothing);
        Assert.That(() => Client.IsLockedAsync(name).AsTask(), Is.False.After(5_000, 50), "the lease runs out without its renewal");
    }

    [Test]
    public async Task Try_acquire_extend_reacquire_and_bad_input()
    {
        var name = TestClients.Key("api");
        await using var held = await Client.TryAcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.FromSeconds(5) });
        Assert.That(held, Is.Not.Null);
        Assert.That(await Client.TryAcquireLockAsync(name), Is.Null);
        Assert.ThrowsAsync<LockTimeoutException>(async () => await Client.AcquireLockAsync(name, new LockOptions { WaitTime = TimeSpan.Zero }));
        Assert.ThrowsAsync<LockTimeoutException>(async () => await Client.AcquireLockAsync(name, new LockOptions { WaitTime = TimeSpan.FromMilliseconds(50) }));

        await held!.ExtendAsync(TimeSpan.FromSeconds(10));
        Assert.That(await Client.PTtlAsync(name), Is.GreaterThan(10_000));
        await held.ExtendAsync(TimeSpan.FromSeconds(2), replaceTtl: true);
        Assert.That(await Client.PTtlAsync(name), Is.LessThanOrEqualTo(2_000));
        await held.ReacquireAsync();
        Assert.That(await Client.PTtlAsync(name), Is.GreaterThan(4_000));

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.AcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.Zero }));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.AcquireLockAsync(string.Empty));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await held.ExtendAsync(TimeSpan.Zero));
    }
}
