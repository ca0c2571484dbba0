using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

[Category("Cluster")]
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ClusterRoutingTests(ServerKind kind) : ServerTestBase
{
    private const int KeyCount = 10_000;
    private const int Concurrency = 200;

    [Test]
    public async Task Ten_thousand_keys_go_straight_to_the_nodes_that_own_their_slots()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Cluster));
        var prefix = TestClients.Key("routing");
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{prefix}:{i}").ToArray();
        var movedBefore = await ClusterClients.RedirectsAsync(cluster.Nodes, "MOVED");

        await ForEachAsync(keys, key => client.SetAsync(key, "v:" + key).AsTask());
        var values = new string?[KeyCount];
        await ForEachAsync(Enumerable.Range(0, KeyCount), async i => values[i] = (string?)await client.GetAsync(keys[i]));

        Assert.Multiple(async () =>
        {
            Assert.That(values, Is.EqualTo(keys.Select(key => "v:" + key)));
            Assert.That(await ClusterClients.RedirectsAsync(cluster.Nodes, "MOVED"), Is.EqualTo(movedBefore), "MOVED answered to the client's commands");
        });

        // Each key is where the server says its slot is: exactly one primary has it.
        foreach (var key in keys.Take(300))
        {
            var holders = 0;
            foreach (var primary in cluster.Primaries)
            {
                await using var raw = await RawRespConnection.ConnectAsync(primary.Host, primary.Port);
                holders += await raw.CommandAsync(["GET", key]) == "v:" + key ? 1 : 0;
            }

            Assert.That(holders, Is.EqualTo(1), key);
        }
    }

    [Test]
    public async Task A_connection_string_of_seeds_with_one_down_still_connects()
    {
        var cluster = await SharedServers.ClusterAsync();
        var closedPort = ClosedPort();
        var connectionString = $"127.0.0.1:{closedPort},{cluster.SeedEndpoints[1]},protocol={(kind == ServerKind.RedisResp2 ? "resp2" : "resp3")}";

        await using var client = await RedisClient.ConnectAsync(connectionString);
        var key = TestClients.Key("seed");
        await client.SetAsync(key, "x");

        Assert.Multiple(async () =>
        {
            Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Cluster));
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("x"));
            Assert.That(client.Nodes.Select(node => node.EndpointText), Does.Not.Contain($"127.0.0.1:{closedPort}"));
        });
    }

    [Test]
    public async Task Create_follows_the_cluster_with_commands_sent_before_it_connected()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = RedisClient.Create(ClusterClients.OptionsFor(cluster, kind), TestClients.Logs);
        var prefix = TestClients.Key("create");

        // Sent at once, before the client knows it is a cluster: a MOVED is followed like any other.
        var writes = Enumerable.Range(0, 200).Select(i => client.SetAsync($"{prefix}:{i}", i).AsTask()).ToArray();
        await Task.WhenAll(writes);

        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(10));
        Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Cluster));
        for (var i = 0; i < 200; i++)
        {
            Assert.That((long?)await client.GetAsync($"{prefix}:{i}"), Is.EqualTo(i));
        }
    }

    [Test]
    public async Task A_cross_slot_MSET_fails_before_anything_is_sent()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var (a, b) = KeysInTwoSlots();
        var msetBefore = await ClusterClients.CallsAsync(cluster.Nodes, "mset");

        var error = Assert.ThrowsAsync<RedisCrossSlotException>(async () =>
            await client.MSetAsync([new(a, "1"), new(b, "2")]));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Slots, Has.Count.EqualTo(2));
            Assert.That(error.Message, Does.Contain(a).And.Contain(b).And.Contain("hash tag"));
            Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
            Assert.That(await ClusterClients.CallsAsync(cluster.Nodes, "mset"), Is.EqualTo(msetBefore));
            Assert.That(await client.ExistsAsync(a), Is.False);
        });
    }

    [Test]
    public async Task Keys_under_one_hash_tag_go_together_in_MSET_and_a_transaction()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var tag = "{" + TestClients.Key("tag") + "}";

        await client.MSetAsync([new(tag + ":a", "1"), new(tag + ":b", "2")]);
        var transaction = client.CreateTransaction();
        var incr = transaction.Commands.IncrAsync(tag + ":a");
        var get = transaction.Commands.GetAsync(tag + ":b");
        Assert.That(await transaction.ExecuteAsync(), Is.True);

        Assert.Multiple(async () =>
        {
            Assert.That(await incr, Is.EqualTo(2));
            Assert.That((string?)await get, Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task A_cross_slot_transaction_fails_before_anything_is_sent()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var (a, b) = KeysInTwoSlots();
        var multiBefore = await ClusterClients.CallsAsync(cluster.Nodes, "multi");
        var setBefore = await ClusterClients.CallsAsync(cluster.Nodes, "set");

        var transaction = client.CreateTransaction();
        var first = transaction.Commands.SetAsync(a, "1");
        var second = transaction.Commands.SetAsync(b, "2");
        var error = Assert.ThrowsAsync<RedisCrossSlotException>(async () => await transaction.ExecuteAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Slots, Has.Count.EqualTo(2));
            Assert.ThrowsAsync<RedisCrossSlotException>(async () => await first);
            Assert.ThrowsAsync<RedisCrossSlotException>(async () => await second);
            Assert.That(await ClusterClients.CallsAsync(cluster.Nodes, "multi"), Is.EqualTo(multiBefore));
            Assert.That(await ClusterClients.CallsAsync(cluster.Nodes, "set"), Is.EqualTo(setBefore));
        });
    }

    [Test]
    public async Task TransactAsync_on_one_hash_tag_commits_on_the_owning_node()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var tag = "{" + TestClients.Key("watch") + "}";
        await client.SetAsync(tag + ":counter", 41);
        ValueTask<bool> written = default;

        var attempts = await client.TransactAsync([tag + ":counter"], async (tx, ct) =>
        {
            var current = (long?)await tx.Client.GetAsync(tag + ":counter", ct) ?? 0;
            written = tx.Transaction.SetAsync(tag + ":copy", current + 1, cancellationToken: ct);
        });

        Assert.Multiple(async () =>
        {
            Assert.That(attempts, Is.EqualTo(1));
            Assert.That(await written, Is.True);
            Assert.That((long?)await client.GetAsync(tag + ":copy"), Is.EqualTo(42));
        });
    }

    [Test]
    public async Task A_watched_transaction_across_slots_fails_before_WATCH_is_sent()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var (a, b) = KeysInTwoSlots();
        var watchBefore = await ClusterClients.CallsAsync(cluster.Nodes, "watch");

        var transaction = client.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(a));
        transaction.AddCondition(Condition.KeyNotExists(b));
        var set = transaction.Commands.SetAsync(a, "1");
        var error = Assert.ThrowsAsync<RedisCrossSlotException>(async () => await transaction.ExecuteAsync());
        var guarded = Assert.ThrowsAsync<RedisCrossSlotException>(async () =>
            await client.TransactAsync([a], async (tx, ct) =>
            {
                await Task.Yield();
                _ = tx.Transaction.SetAsync(b, "2", cancellationToken: ct);
            }));

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Slots, Has.Count.EqualTo(2));
            Assert.That(guarded!.Message, Does.Contain(a).And.Contain(b));
            Assert.That(async () => await set, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(await ClusterClients.CallsAsync(cluster.Nodes, "watch") - watchBefore, Is.EqualTo(1), "only TransactAsync's WATCH of one key was sent");
            Assert.That(await client.ExistsAsync(b), Is.False);
        });
    }

    [Test]
    public async Task A_blocking_pop_waits_on_the_node_that_owns_its_key()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var key = TestClients.Key("blpop");

        var popped = client.BLPopAsync(key, TimeSpan.FromSeconds(10)).AsTask();
        await Task.Delay(100);
        await client.RPushAsync(key, ["item"]);

        var element = await popped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(element, Is.Not.Null);
        Assert.That((string?)element!.Value.Value, Is.EqualTo("item"));
    }

    [Test]
    public async Task A_batch_over_every_node_is_written_per_node_and_each_command_gets_its_own_reply()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, kind);
        var prefix = TestClients.Key("batch");
        var batch = client.CreateBatch();
        var sets = Enumerable.Range(0, 500).Select(i => batch.Commands.SetAsync($"{prefix}:{i}", i)).ToArray();
        var incrs = Enumerable.Range(0, 500).Select(i => batch.Commands.IncrAsync($"{prefix}:{i}")).ToArray();

        await batch.ExecuteAsync();

        for (var i = 0; i < 500; i++)
        {
            await sets[i];
            Assert.That(await incrs[i], Is.EqualTo(i + 1));
        }
    }

    [Test]
    public async Task Standalone_mode_against_a_cluster_node_shows_the_servers_MOVED()
    {
        var cluster = await SharedServers.ClusterAsync();
        var primary = cluster.Primaries[0];
        await using var client = await RedisClient.ConnectAsync(
            new RedisClientOptions { Endpoints = [RedisEndpoint.Tcp(primary.Host, primary.Port)], Mode = ServerMode.Standalone });
        var errors = 0;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                await client.GetAsync($"{TestClients.Key("standalone")}:{i}");
            }
            catch (RedisServerException error) when (error.Kind == ServerErrorKind.Moved)
            {
                errors++;
            }
        }

        Assert.That(errors, Is.GreaterThan(0), "a third of the keys belong to this node; the rest must answer MOVED");
        Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Standalone));
    }

    [Test]
    public async Task Cluster_mode_against_a_standalone_server_fails_to_connect_with_the_reason()
    {
        var server = await SharedServers.StandaloneAsync();
        var options = TestClients.OptionsFor(server.Port) with { Mode = ServerMode.Cluster };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options));

        Assert.That(error!.Message, Does.Contain("not in cluster mode").And.Contain(server.Endpoint));
    }

    [Test]
    public async Task Several_standalone_endpoints_that_all_say_primary_use_the_first_that_answers()
    {
        var server = await SharedServers.StandaloneAsync();
        var other = await SharedServers.Resp2OnlyAsync();
        var options = TestClients.OptionsFor(server.Port) with
        {
            Endpoints = [RedisEndpoint.Tcp(server.Host, server.Port), RedisEndpoint.Tcp(other.Host, other.Port)],
        };

        await using var client = await RedisClient.ConnectAsync(options);

        Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Standalone));
        Assert.That(client.GetNodes().Select(node => node.Endpoint.Port), Is.EqualTo(new[] { server.Port }));
    }

    /// <summary>Two keys whose hash slots differ.</summary>
    private static (string A, string B) KeysInTwoSlots()
    {
        var a = TestClients.Key("a");
        for (var i = 0; ; i++)
        {
            var b = TestClients.Key("b" + i);
            if (Slot(a) != Slot(b))
            {
                return (a, b);
            }
        }
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int Slot(string key) => RedisClient.HashSlotOf(key);

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
