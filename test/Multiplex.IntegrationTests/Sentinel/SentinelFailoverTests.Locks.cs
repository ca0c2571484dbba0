using System.Diagnostics;
using System.Globalization;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Sentinel;

/// <summary>
/// Distributed locks through a failover: a lock replicated before the primary changes is still held,
/// renewed and released on the new primary, and a waiter subscribed before the change is woken there.
/// </summary>
public sealed partial class SentinelFailoverTests
{
    // Far longer than the test: a waiter that acquires in time was woken by the release's notification.
    private static readonly TimeSpan LockFallback = TimeSpan.FromSeconds(60);

    [Test]
    public async Task A_renewed_lock_survives_a_manual_failover_and_its_release_wakes_a_waiter_on_the_new_primary()
    {
        await using var holderClient = await ConnectAsync();
        await using var waiterClient = await ConnectAsync();
        var name = TestClients.Key("lock:failover");
        var holder = await holderClient.AcquireLockAsync(name, new LockOptions { LeaseTime = TimeSpan.FromSeconds(3), AutoRenew = true });
        await WaitForReplicasAsync();
        var waiting = waiterClient.AcquireLockAsync(name, new LockOptions { RetryInterval = LockFallback, WaitTime = LockFallback * 2 });
        await Task.Delay(200);
        Assert.That(waiting.IsCompleted, Is.False, "the waiter waits while the lock is held");

        // Returns once the group is healthy again: several leases after the promotion.
        var failover = await _group.FailoverAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(holder.Lost.IsCancellationRequested, Is.False, "the renewal kept the lease across the failover");
            Assert.That((await failover.NewPrimary.CliAsync("GET", name)).Trim(), Is.EqualTo(holder.Token), "the new primary holds the holder's token");
            Assert.That(await holder.IsOwnedAsync(), Is.True);
            Assert.That(waiting.IsCompleted, Is.False, "the waiter still waits");
        });

        var released = Stopwatch.StartNew();
        await holder.ReleaseAsync();
        await using var next = await waiting.WaitAsync(LockFallback);
        var woken = released.Elapsed;
        TestContext.Out.WriteLine($"the waiter acquired {woken.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms after the release on the new primary");
        Assert.Multiple(() =>
        {
            Assert.That(woken, Is.LessThan(TimeSpan.FromSeconds(5)), "woken by the release's notification on the new primary, not the 60 s fallback");
            Assert.That(next.FencingToken, Is.GreaterThan(holder.FencingToken), "the fencing counter was replicated and keeps growing");
        });
    }

    [Test]
    public async Task A_renewed_lock_rides_out_a_killed_primary_and_is_renewed_on_the_promoted_replica()
    {
        await using var client = await ConnectAsync();
        var name = TestClients.Key("lock:kill");
        var lease = TimeSpan.FromSeconds(10);
        var holder = await client.AcquireLockAsync(name, new LockOptions { LeaseTime = lease, AutoRenew = true });
        await WaitForReplicasAsync();

        var kill = await _group.KillPrimaryAsync();
        SentinelFailover promotion;
        try
        {
            promotion = await _group.WaitForPromotionAsync(kill);

            // A renewal after the promotion sets the lease back to the full time on the new primary.
            var renewedThere = await RenewedOnAsync(promotion.NewPrimary, name, lease, promotion.PromotedAt);
            Assert.Multiple(async () =>
            {
                Assert.That(renewedThere, Is.True, "a renewal reached the promoted replica");
                Assert.That(holder.Lost.IsCancellationRequested, Is.False, "the holder never lost the lease");
                Assert.That(await holder.IsOwnedAsync(), Is.True);
            });
            await holder.ReleaseAsync();
            Assert.That((await promotion.NewPrimary.CliAsync("EXISTS", name)).Trim(), Is.EqualTo("0"), "released on the new primary");
        }
        finally
        {
            await holder.DisposeAsync();
            await _group.RestartAsync(kill.Server);
        }
    }

    /// <summary>Waits until both replicas have acknowledged every write so far (the lock and its fencing counter).</summary>
    private async Task WaitForReplicasAsync() =>
        Assert.That((await _group.Primary.CliAsync("WAIT", "2", "5000")).Trim(), Is.EqualTo("2"), "both replicas hold the lock before the primary changes");

    /// <summary>
    /// Whether, within one lease, the time left on <paramref name="name"/> on <paramref name="server"/> jumps
    /// back up to more than it could have left from before <paramref name="since"/>: a renewal reached it.
    /// </summary>
    private static async Task<bool> RenewedOnAsync(RedisServer server, string name, TimeSpan lease, long since)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < lease)
        {
            var left = long.Parse((await server.CliAsync("PTTL", name)).Trim(), CultureInfo.InvariantCulture);
            if (left > (lease - Stopwatch.GetElapsedTime(since)).TotalMilliseconds + 100)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
