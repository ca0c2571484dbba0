using System.Diagnostics;
using System.Globalization;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// WAIT and WAITAOF against a primary with two replicas of its own (DEBUG is enabled so a test can
/// stall one replica). They run in a dedicated session, behind the session's own writes, and are
/// refused on the shared client, in batches and in transactions.
/// </summary>
[NonParallelizable] // One test stalls a replica of the fixture's group.
public sealed class WaitTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(2);

    // Bounds the waits that must end promptly, so a hang fails the test instead of stalling the run.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private RedisReplicationGroup _group = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _group = await RedisReplicationGroup.StartAsync(new RedisServerOptions { EnableDebugCommand = true });

    [OneTimeTearDown]
    public async Task StopAsync() => await _group.DisposeAsync();

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task Wait_in_a_session_after_a_set_there_returns_the_replicas_that_acknowledged_it(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(options => options with { Protocol = protocol });
        var key = TestClients.Key("replicated");
        await using (var session = await client.LeaseDedicatedSessionAsync(key))
        {
            await session.Commands.SetAsync(key, "value");
            Assert.That(await session.Commands.WaitAsync(1, Patient), Is.GreaterThanOrEqualTo(1));
            Assert.That(await session.Commands.WaitAsync(2, Patient), Is.EqualTo(2));
        }

        foreach (var replica in _group.Replicas)
        {
            Assert.That((await replica.CliAsync("GET", key)).Trim(), Is.EqualTo("value"));
        }
    }

    [Test]
    public async Task Wait_waits_for_the_sessions_write_so_a_stalled_replica_is_not_counted()
    {
        await using var client = await ConnectAsync();
        await using var session = await client.LeaseDedicatedSessionAsync();
        var stalled = _group.Replicas[0];

        // The stalled replica reads nothing from the primary for two seconds, so it cannot acknowledge
        // the SET. A WAIT that did not follow the SET on its connection would count it (it has
        // acknowledged everything older) and return 2 at once.
        var sleeping = stalled.CliAsync("DEBUG", "SLEEP", "2");
        await Task.Delay(300);
        await session.Commands.SetAsync(TestClients.Key("during-stall"), "value");
        var watch = Stopwatch.StartNew();
        Assert.That(await session.Commands.WaitAsync(2, TimeSpan.FromMilliseconds(300)), Is.EqualTo(1));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)), "WAIT returned before its timeout");

        await sleeping;
        Assert.That(await session.Commands.WaitAsync(2, TimeSpan.FromSeconds(5)), Is.EqualTo(2), "the replica catches up once awake");
    }

    [Test]
    public async Task Wait_for_more_replicas_than_there_are_returns_those_that_acknowledged_when_the_timeout_passes()
    {
        await using var client = await ConnectAsync();
        await using var session = await client.LeaseDedicatedSessionAsync();
        await session.Commands.SetAsync(TestClients.Key("three"), "value");
        var watch = Stopwatch.StartNew();
        Assert.That(await session.Commands.WaitAsync(3, TimeSpan.FromMilliseconds(200)), Is.EqualTo(2));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150)));
    }

    [Test]
    public async Task A_session_wait_does_not_stall_the_shared_connection()
    {
        await using var client = await ConnectAsync();
        await using var session = await client.LeaseDedicatedSessionAsync();
        await session.Commands.SetAsync(TestClients.Key("not-shared"), "value");

        // Three replicas never acknowledge: the server holds this WAIT for its whole timeout.
        var wait = session.Commands.WaitAsync(3, TimeSpan.FromSeconds(3)).AsTask();
        await Task.Delay(100);
        await client.PingAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.That(wait.IsCompleted, Is.False, "the shared PING was answered while the session's WAIT was still held");
        Assert.That(await wait.WaitAsync(Bound), Is.EqualTo(2));
    }

    [Test]
    public async Task Cancelling_a_wait_forever_releases_it_so_the_session_goes_on_on_the_same_connection()
    {
        await using var client = await ConnectAsync();
        var pool = client.DedicatedPoolFor(default);
        var replacedBefore = pool.ReplacedCount;
        await using (var session = await client.LeaseDedicatedSessionAsync())
        {
            await session.Commands.SetAsync(TestClients.Key("forever"), "value");
            using var cancel = new CancellationTokenSource();
            var wait = session.Commands.WaitAsync(3, TimeSpan.Zero, cancel.Token).AsTask();
            await Task.Delay(200);
            Assert.That(wait.IsCompleted, Is.False, "WAIT 0 for three replicas returned");
            await cancel.CancelAsync();
            Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await wait.WaitAsync(Bound));

            // Without CLIENT UNBLOCK this PING would queue behind a WAIT that never ends.
            Assert.That(await session.Commands.ClientIdAsync().AsTask().WaitAsync(Bound), Is.EqualTo(session.ClientId));
        }

        Assert.That(pool.ReplacedCount, Is.EqualTo(replacedBefore), "the released connection was in step and went back to the pool");
        Assert.That(pool.LeasedCount, Is.Zero);
    }

    [Test]
    public async Task Disposing_a_session_releases_a_wait_still_held_by_the_server()
    {
        await using var client = await ConnectAsync();
        var session = await client.LeaseDedicatedSessionAsync();
        await session.Commands.SetAsync(TestClients.Key("disposed"), "value");
        var wait = session.Commands.WaitAsync(3, TimeSpan.Zero).AsTask();
        await Task.Delay(200);
        Assert.That(wait.IsCompleted, Is.False);

        await session.DisposeAsync().AsTask().WaitAsync(Bound);
        Assert.That(await wait.WaitAsync(Bound), Is.EqualTo(2), "a released WAIT answers with the replicas that acknowledged so far");
        Assert.That(client.DedicatedPoolFor(default).LeasedCount, Is.Zero);
    }
    [Test]
    public async Task Wait_validates_its_arguments()
    {
        await using var client = await ConnectAsync();
        await using var session = await client.LeaseDedicatedSessionAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = session.Commands.WaitAsync(1, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = session.Commands.WaitAsync(-1, Patient));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = session.Commands.WaitAofAsync(2, 0, Patient));
        Assert.That(await session.Commands.WaitAsync(0, TimeSpan.FromMilliseconds(10)), Is.GreaterThanOrEqualTo(0), "the session is still usable");
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

        await using var session = await client.LeaseDedicatedSessionAsync();
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await session.Commands.WaitAofAsync(0, 1, Patient));
        Assert.That(error!.Command, Is.EqualTo("WAITAOF"));
        Assert.That(error.Message, Does.Contain("waitaof").IgnoreCase);
        Assert.That(await session.Commands.ClientIdAsync(), Is.EqualTo(session.ClientId), "the session's connection is still in step");
    }

    private async Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = TestClients.OptionsFor(_group.Primary.Port);
        return await RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }
}
