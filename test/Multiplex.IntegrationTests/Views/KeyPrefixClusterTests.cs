using Multiplex.IntegrationTests.Cluster;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Views;

/// <summary>
/// Key-prefix views on a real cluster: commands are routed by the hash slot of the prefixed key, so a
/// prefix with a hash tag keeps a tenant in one slot (multi-key commands and transactions work) and a
/// plain one spreads its keys; SCAN walks every primary and returns keys without the prefix.
/// </summary>
[Category("Cluster")]
public sealed class KeyPrefixClusterTests : ServerTestBase
{
    [Test]
    public async Task A_hash_tagged_prefix_keeps_a_tenant_in_one_slot_and_routes_there_without_redirects()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        var prefix = "{" + TestClients.Key("tenant") + "}:";
        var view = client.WithKeyPrefix(prefix);
        var movedBefore = await ClusterClients.RedirectsAsync(cluster.Nodes, "MOVED");

        await view.MSetAsync([new("a", "1"), new("b", "2")]);
        await view.RenameAsync("b", "c");
        Assert.That((await view.MGetAsync(["a", "c"])).Select(value => (string?)value), Is.EqualTo(new[] { "1", "2" }));
        await view.SAddAsync("s1", ["x", "y"]);
        await view.SAddAsync("s2", ["y"]);
        Assert.That(await view.SInterStoreAsync("s3", ["s1", "s2"]), Is.EqualTo(1));
        var transaction = view.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists("a"));
        var incremented = transaction.Commands.IncrAsync("a");
        Assert.That(await transaction.ExecuteAsync(), Is.True);
        Assert.That(await incremented, Is.EqualTo(2));
        await view.EvalAsync("return redis.call('SET', KEYS[1], ARGV[1])", ["scripted"], ["s"]);

        Assert.That(await ClusterClients.RedirectsAsync(cluster.Nodes, "MOVED"), Is.EqualTo(movedBefore), "every command went to the owner of the prefixed key's slot");
        var slot = RedisClient.HashSlotOf(prefix + "a");
        foreach (var key in new[] { "a", "c", "s3", "scripted" })
        {
            Assert.That(RedisClient.HashSlotOf(prefix + key), Is.EqualTo(slot));
            Assert.That(await HoldersAsync(cluster, prefix + key), Is.EqualTo(1), key);
        }
    }

    [Test]
    public async Task A_plain_prefix_spreads_keys_over_the_slots_of_the_prefixed_keys()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp2);
        var prefix = TestClients.Key("tenant") + ":";
        var view = client.WithKeyPrefix(prefix);
        var keys = Enumerable.Range(0, 200).Select(i => (RedisKey)$"k{i}").ToArray();
        var movedBefore = await ClusterClients.RedirectsAsync(cluster.Nodes, "MOVED");

        foreach (var key in keys)
        {
            await view.SetAsync(key, "v:" + key);
        }

        var values = await view.MGetAsync(keys);

        Assert.That(values.Select(value => (string?)value), Is.EqualTo(keys.Select(key => "v:" + key)));
        Assert.That(await ClusterClients.RedirectsAsync(cluster.Nodes, "MOVED"), Is.EqualTo(movedBefore));
        Assert.That(keys.Select(key => RedisClient.HashSlotOf(prefix + key)).Distinct().Count(), Is.GreaterThan(1), "the keys span slots");
        foreach (var key in keys.Take(20))
        {
            Assert.That(await HoldersAsync(cluster, prefix + key), Is.EqualTo(1), key.ToString());
        }
    }

    [Test]
    public async Task Scan_through_a_view_walks_every_primary_and_returns_the_tenant_s_keys_without_the_prefix()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        var prefix = TestClients.Key("tenant") + ":";
        var expected = Enumerable.Range(0, 50).Select(i => $"k{i}").ToArray();
        foreach (var key in expected)
        {
            await client.SetAsync(prefix + key, "v");
        }

        await client.SetAsync(prefix.TrimEnd(':') + "-other:k0", "not the tenant's");
        var scanned = new List<string>();
        await foreach (var key in client.WithKeyPrefix(prefix).ScanAsync(pageSize: 100))
        {
            scanned.Add(key.ToString());
        }

        Assert.That(cluster.Primaries.Count, Is.GreaterThan(1));
        Assert.That(scanned, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task A_lock_through_a_hash_tagged_view_keeps_its_counter_in_the_tenant_s_slot()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        var prefix = "{" + TestClients.Key("tenant") + "}:";
        var view = client.WithKeyPrefix(prefix);

        await using var held = await view.AcquireLockAsync("job");

        Assert.That(await client.ExistsAsync(prefix + "job"), Is.True);
        Assert.That(await view.IsLockedAsync("job"), Is.True);
        Assert.That(await client.WithKeyPrefix("{" + TestClients.Key("other") + "}:").IsLockedAsync("job"), Is.False);
    }

    [Test]
    public async Task A_database_view_is_refused_on_a_cluster()
    {
        await using var client = await ClusterClients.ConnectAsync(await SharedServers.ClusterAsync(), ServerKind.RedisResp3);
        var error = Assert.Throws<NotSupportedException>(() => client.WithDatabase(1));
        Assert.That(error!.Message, Does.Contain("database 0 only"));
        Assert.That(client.WithDatabase(0), Is.SameAs(client));
    }

    /// <summary>How many primaries hold <paramref name="key"/>, asked over raw connections.</summary>
    private static async Task<int> HoldersAsync(RedisCluster cluster, string key)
    {
        var holders = 0;
        foreach (var primary in cluster.Primaries)
        {
            await using var raw = await RawRespConnection.ConnectAsync(primary.Host, primary.Port);
            holders += await raw.CommandAsync(["EXISTS", key]) == ":1" ? 1 : 0;
        }

        return holders;
    }
}
