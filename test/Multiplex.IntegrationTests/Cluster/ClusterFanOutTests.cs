using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>Commands for several nodes: split by slot and merged in the caller's order, or sent to every primary and combined.</summary>
[Category("Cluster")]
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ClusterFanOutTests(ServerKind kind) : ServerTestBase
{
    private const int ScanKeyCount = 10_000;

    [Test]
    public async Task MGET_over_many_slots_returns_the_values_in_the_callers_order()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var keys = Enumerable.Range(0, 50).Select(i => (RedisKey)$"{TestClients.Key("mget")}:{i}").ToArray();
        for (var i = 0; i < keys.Length; i += 2)
        {
            await client.SetAsync(keys[i], $"value-{i}");
        }

        var values = await client.MGetAsync(keys);

        Assert.That(values.Select(value => (string?)value),
            Is.EqualTo(keys.Select((_, i) => i % 2 == 0 ? $"value-{i}" : null)));
        Assert.That(keys.Select(key => RedisClient.HashSlotOf(key)).Distinct().Count(), Is.GreaterThan(10), "the keys span many slots");
    }

    [Test]
    public async Task DEL_EXISTS_TOUCH_and_UNLINK_over_many_slots_count_every_key()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var keys = Enumerable.Range(0, 30).Select(i => (RedisKey)$"{TestClients.Key("del")}:{i}").ToArray();
        foreach (var key in keys.Take(20))
        {
            await client.SetAsync(key, "x");
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await client.ExistsAsync([.. keys, keys[0]]), Is.EqualTo(21), "EXISTS counts a key given twice twice");
            Assert.That(await client.TouchAsync(keys), Is.EqualTo(20));
            Assert.That(await client.DelAsync(keys.Take(10).ToArray()), Is.EqualTo(10));
            Assert.That(await client.UnlinkAsync(keys), Is.EqualTo(10));
            Assert.That(await client.ExistsAsync(keys), Is.Zero);
        });
    }

    [Test]
    public async Task DBSIZE_is_the_sum_of_the_primaries_and_KEYS_merges_theirs()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var prefix = TestClients.Key("keys");
        var keys = Enumerable.Range(0, 60).Select(i => $"{prefix}:{i}").ToArray();
        foreach (var key in keys)
        {
            await client.SetAsync(key, "x");
        }

        var expected = 0L;
        foreach (var primary in cluster.Primaries)
        {
            expected += long.Parse(await primary.CliAsync("DBSIZE"), System.Globalization.CultureInfo.InvariantCulture);
        }

        var size = await client.DbSizeAsync();
        var found = await client.KeysAsync(prefix + ":*");

        Assert.Multiple(() =>
        {
            Assert.That(size, Is.EqualTo(expected));
            Assert.That(found.Select(key => (string?)key), Is.EquivalentTo(keys));
        });
    }

    [Test]
    public async Task SCRIPT_LOAD_reaches_every_primary_so_EVALSHA_runs_on_any_slot()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var script = $"return redis.call('SET', KEYS[1], ARGV[1]) and '{Guid.NewGuid():N}'";

        var sha = await client.ScriptLoadAsync(script);
        var exists = await client.ScriptExistsAsync([sha, new string('0', 40)]);
        var keys = Enumerable.Range(0, 30).Select(i => (RedisKey)$"{TestClients.Key("script")}:{i}").ToArray();
        foreach (var key in keys)
        {
            await client.EvalShaAsync(sha, [key], ["v"]);
        }

        Assert.That(exists, Is.EqualTo(new[] { true, false }));
        foreach (var primary in cluster.Primaries)
        {
            Assert.That(await primary.CliAsync("SCRIPT", "EXISTS", sha), Does.Contain("1"), primary.Name);
        }

        Assert.That(await client.ExistsAsync(keys), Is.EqualTo(keys.Length));
    }

    [Test]
    public async Task SCAN_over_the_cluster_yields_each_of_ten_thousand_keys_once()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var prefix = TestClients.Key("scan");
        var batch = client.CreateBatch();
        var writes = Enumerable.Range(0, ScanKeyCount).Select(i => batch.Commands.SetAsync($"{prefix}:{i}", i)).ToArray();
        await batch.ExecuteAsync();
        foreach (var write in writes)
        {
            await write;
        }

        var seen = new List<string>();
        await foreach (var key in client.ScanAsync(prefix + ":*", pageSize: 500))
        {
            seen.Add(key!);
        }

        Assert.Multiple(() =>
        {
            Assert.That(seen, Has.Count.EqualTo(ScanKeyCount));
            Assert.That(seen, Is.Unique);
            Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, ScanKeyCount).Select(i => $"{prefix}:{i}")));
        });
    }

    [Test]
    public async Task Each_node_can_be_addressed_for_its_own_INFO()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);

        var nodes = client.GetNodes();
        var ports = new List<string>();
        foreach (var node in nodes)
        {
            var info = await node.InfoAsync("server");
            ports.Add(info.GetValue("tcp_port")!);
        }

        Assert.That(ports, Is.EquivalentTo(cluster.Primaries.Select(primary => primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(nodes.Select(node => node.IsReplica), Is.All.False);
    }

    [Test]
    public async Task Monitor_on_one_node_sees_the_commands_of_its_own_slots_only()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind, options => options with { AllowAdminCommands = true });
        var node = client.GetNodes()[1];
        var ownSlots = (await cluster.SlotsOfAsync(cluster.Primaries.Single(primary => primary.Port == node.Endpoint.Port))).ToHashSet();
        var prefix = TestClients.Key("monitored");
        var own = Enumerable.Range(0, 1000).Select(i => $"{prefix}:{i}").First(key => ownSlots.Contains(RedisClient.HashSlotOf(key)));
        var other = Enumerable.Range(0, 1000).Select(i => $"{prefix}:{i}").First(key => !ownSlots.Contains(RedisClient.HashSlotOf(key)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var keysSeen = new List<string>();
        var ownSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitoring = Task.Run(async () =>
        {
            await foreach (var entry in node.MonitorAsync(stop.Token))
            {
                if (entry.Command == "SET" && entry.Arguments[1].ToString() is { } key && key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    keysSeen.Add(key);
                    if (key == own)
                    {
                        ownSeen.TrySetResult();
                        return;
                    }
                }
            }
        });

        // MONITOR starts asynchronously: write both keys until the node reports its own.
        for (var attempt = 0; attempt < 100 && !ownSeen.Task.IsCompleted && !monitoring.IsCompleted; attempt++)
        {
            await client.SetAsync(other, "elsewhere");
            await client.SetAsync(own, "here");
            await Task.WhenAny(ownSeen.Task, monitoring, Task.Delay(50));
        }

        await monitoring;
        Assert.That(keysSeen, Is.Not.Empty.And.All.EqualTo(own), "the node's MONITOR shows its own key's SETs and never the other node's");
    }
}
