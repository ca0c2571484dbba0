using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>Distributed locks on a real cluster: names with and without hash tags, waiters woken across the cluster bus.</summary>
[Category("Cluster")]
public sealed class ClusterLockTests : ServerTestBase
{
    [TestCase("plain")]
    [TestCase("{orders}:42")]
    public async Task Locks_with_or_without_a_hash_tag_exclude_each_other_and_wake_their_waiters(string suffix)
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var holderClient = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        await using var waiterClient = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        var name = TestClients.Key("lock") + ":" + suffix;
        var options = new LockOptions { RetryInterval = TimeSpan.FromSeconds(5), WaitTime = TimeSpan.FromSeconds(20) };

        var held = await holderClient.AcquireLockAsync(name, options);
        Assert.That(await waiterClient.TryAcquireLockAsync(name), Is.Null);
        var waiter = waiterClient.AcquireLockAsync(name, options);
        await Task.Delay(100);
        Assert.That(waiter.IsCompleted, Is.False);

        var released = System.Diagnostics.Stopwatch.StartNew();
        await held.ReleaseAsync();
        await using var next = await waiter;

        Assert.That(released.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)), "woken by the release, not the 5 s fallback");
        Assert.That(next.FencingToken, Is.GreaterThan(held.FencingToken));
        Assert.That(await holderClient.IsLockedAsync(name), Is.True);
    }

    [Test]
    public async Task A_name_whose_braces_keep_the_fencing_counter_out_of_its_slot_is_refused_before_anything_is_sent()
    {
        await using var client = await ClusterClients.ConnectAsync(await SharedServers.ClusterAsync(), ServerKind.RedisResp3);
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await client.TryAcquireLockAsync("odd{}name"));
        Assert.That(error!.Message, Does.Contain("odd{}name").And.Contain("hash tag"));
    }
}
