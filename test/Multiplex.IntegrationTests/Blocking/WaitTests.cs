using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// WAIT and WAITAOF against a primary with two replicas of its own (DEBUG is enabled so a test can
/// stall one replica). WAIT runs on the shared connection, behind the caller's writes.
/// </summary>
[NonParallelizable] // One test stalls a replica of the fixture's group.
public sealed class WaitTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(2);

    private RedisReplicationGroup _group = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _group = await RedisReplicationGroup.StartAsync(new RedisServerOptions { EnableDebugCommand = true });

    [OneTimeTearDown]
    public async Task StopAsync() => await _group.DisposeAsync();

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task Wait_after_a_set_returns_the_replicas_that_acknowledged_it(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(options => options with { Protocol = protocol });
        var key = TestClients.Key("replicated");
        await client.SetAsync(key, "value");

        Assert.That(await client.WaitAsync(1, Patient), Is.GreaterThanOrEqualTo(1));
        Assert.That(await client.WaitAsync(2, Patient), Is.EqualTo(2));
        foreach (var replica in _group.Replicas)
        {
            Assert.That((await replica.CliAsync("GET", key)).Trim(), Is.EqualTo("value"));
        }
    }

    [Test]
    public async Task Wait_waits_for_the_callers_write_so_a_stalled_replica_is_not_counted()
    {
        await using var client = await ConnectAsync();
        var stalled = _group.Replicas[0];

        // The stalled replica reads nothing from the primary for two seconds, so it cannot acknowledge
        // the SET. A WAIT that did not follow the SET on its connection would count it (it has
        // acknowledged everything older) and return 2 at once.
        var sleeping = stalled.CliAsync("DEBUG", "SLEEP", "2");
        await Task.Delay(300);
        await client.SetAsync(TestClients.Key("during-stall"), "value");
        var watch = Stopwatch.StartNew();
        Assert.That(await client.WaitAsync(2, TimeSpan.FromMilliseconds(300)), Is.EqualTo(1));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)), "WAIT returned before its timeout");

        await sleeping;
        Assert.That(await client.WaitAsync(2, TimeSpan.FromSeconds(5)), Is.EqualTo(2), "the replica catches up once awake");
    }

    [Test]
    public async Task Wait_for_more_replicas_than_there_are_returns_those_that_acknowledged_when_the_timeout_passes()
    {
        await using var client = await ConnectAsync();
        await client.SetAsync(TestClients.Key("three"), "value");
        var watch = Stopwatch.StartNew();
        Assert.That(await client.WaitAsync(3, TimeSpan.FromMilliseconds(200)), Is.EqualTo(2));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150)));
    }

    [Test]
    public async Task Wait_is_sent_on_every_shared_connection_so_it_covers_writes_on_any_of_them()
    {
        const int Connections = 3;
        await using var client = await ConnectAsync(options => options with { ConnectionsPerNode = Connections });
        await using var monitor = await ConnectAsync(options => options with { AllowAdminCommands = true });
        for (var i = 0; i < Connections; i++)
        {
            await client.SetAsync(TestClients.Key($"spread:{i}"), i);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new ConcurrentQueue<MonitorEntry>();
        var watching = Task.Run(async () =>
        {
            await foreach (var entry in monitor.MonitorAsync(stop.Token))
            {
                seen.Enqueue(entry);
            }
        });

        // MONITOR starts when its enumeration does: ping until it reports something, then WAIT once.
        for (var attempt = 0; attempt < 100 && seen.IsEmpty && !watching.IsCompleted; attempt++)
        {
            await client.PingAsync();
            await Task.Delay(50);
        }

        Assert.That(seen, Is.Not.Empty, "the monitor saw nothing");
        Assert.That(await client.WaitAsync(2, Patient), Is.EqualTo(2));
        await BlockingWaits.UntilAsync(() => seen.Count(entry => entry.Command == "WAIT") >= Connections, "one WAIT per connection");
        await Task.Delay(100); // any extra WAIT would show up by now
        await stop.CancelAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await watching);

        var waits = seen.Where(entry => entry.Command == "WAIT").ToArray();
        Assert.That(waits, Has.Length.EqualTo(Connections), "one WAIT call sends exactly one WAIT per shared connection");
        Assert.That(waits.Select(entry => entry.ClientAddress).Distinct(), Has.Exactly(Connections).Items);
    }

    [Test]
    public async Task Wait_in_a_batch_follows_the_batchs_writes()
    {
        await using var client = await ConnectAsync();
        var batch = client.CreateBatch();
        var key = TestClients.Key("batched");
        var set = batch.Commands.SetAsync(key, "value");
        var wait = batch.Commands.WaitAsync(2, Patient);
        await batch.ExecuteAsync();
        await set;
        Assert.That(await wait, Is.EqualTo(2));
        Assert.That((await _group.Replicas[1].CliAsync("GET", key)).Trim(), Is.EqualTo("value"));
    }

    [Test]
    public async Task Wait_refuses_timeouts_that_would_stall_the_shared_connection()
    {
        await using var client = await ConnectAsync(options => options with { CommandTimeout = TimeSpan.FromSeconds(3) });
        Assert.Throws<ArgumentOutOfRangeException>(() => client.WaitAsync(1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.WaitAsync(1, TimeSpan.FromSeconds(-1)));
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => client.WaitAsync(1, TimeSpan.FromSeconds(4)));
        Assert.That(tooLong!.Message, Does.Contain("command timeout"));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.WaitAsync(-1, Patient));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.WaitAofAsync(2, 0, Patient));
        Assert.That(await client.WaitAsync(0, TimeSpan.FromSeconds(3)), Is.GreaterThanOrEqualTo(0), "the command timeout itself is allowed");
    }

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task Waitaof_on_a_server_older_than_7_2_is_a_server_error_naming_the_command(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(options => options with { Protocol = protocol });
        var info = (string?)await client.ExecuteAsync("INFO", ["server"]) ?? string.Empty;
        var version = Version.Parse(info.Split('\n').Single(line => line.StartsWith("redis_version:", StringComparison.Ordinal))["redis_version:".Length..].Trim());
        if (version >= new Version(7, 2))
        {
            Assert.Ignore(string.Create(CultureInfo.InvariantCulture, $"redis-server {version} has WAITAOF; this test covers the error of older servers (the fixture runs 7.0)."));
        }

        var error = Assert.ThrowsAsync<RedisServerException>(async () => await client.WaitAofAsync(0, 1, Patient));
        Assert.That(error!.Command, Is.EqualTo("WAITAOF"));
        Assert.That(error.Message, Does.Contain("waitaof").IgnoreCase);
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero), "the shared connection is still in step");
    }

    private async Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = TestClients.OptionsFor(_group.Primary.Port);
        return await RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }
}
