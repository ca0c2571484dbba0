using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// Dedicated sessions: commands in order on one leased connection, the pool's bound and lease timeout,
/// what a session refuses, and a connection replaced after a timeout. On a server of their own, with
/// DEBUG enabled so a command can be made to time out.
/// </summary>
public sealed class DedicatedSessionTests
{
    // Bounds the waits that must end promptly, so a hang fails the test instead of stalling the run.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private IServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await StandaloneServers.StartAsync(new RedisServerOptions { EnableDebugCommand = true });

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task Session_commands_run_in_call_order_on_one_connection_that_is_not_the_shared_one(RedisProtocol protocol)
    {
        await using var client = await ConnectAsync(options => options with { Protocol = protocol });
        var sharedId = await client.ClientIdAsync();
        var list = TestClients.Key("ordered");
        await using var session = await client.LeaseDedicatedSessionAsync(list);

        // Issued without awaiting: each one still reaches the server after the previous one.
        var ids = new List<ValueTask<long>>();
        var pushes = new List<ValueTask<long>>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(session.Commands.ClientIdAsync());
            pushes.Add(session.Commands.RPushAsync(list, [i]));
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.That(await ids[i], Is.EqualTo(session.ClientId), "a session command ran on another connection");
            Assert.That(await pushes[i], Is.EqualTo(i + 1), "a session command ran out of order");
        }

        Assert.That(session.ClientId, Is.Not.EqualTo(sharedId));
        Assert.That(await client.ClientIdAsync(), Is.EqualTo(sharedId), "the shared client still uses its own connection");
        Assert.That((await client.LRangeAsync(list, 0, -1)).Select(value => (long)value), Is.EqualTo(Enumerable.Range(0, 20).Select(i => (long)i)));
    }

    [Test]
    public async Task Sessions_respect_the_pool_bound_fail_after_the_lease_timeout_and_give_the_connection_back_on_dispose()
    {
        await using var client = await ConnectAsync(options => options with
        {
            DedicatedPool = new DedicatedPoolOptions { MaxSize = 2, LeaseTimeout = TimeSpan.FromMilliseconds(300) },
        });
        var pool = client.DedicatedPoolFor(default);
        var first = await client.LeaseDedicatedSessionAsync();
        var second = await client.LeaseDedicatedSessionAsync();
        Assert.That(pool.LeasedCount, Is.EqualTo(2));

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.LeaseDedicatedSessionAsync());
        Assert.That(error!.Message, Does.Contain("DedicatedPool.MaxSize"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(pool.OpenCount, Is.EqualTo(2));

        var firstId = first.ClientId;
        await first.DisposeAsync();
        Assert.That(pool.LeasedCount, Is.EqualTo(1));
        await using (var third = await client.LeaseDedicatedSessionAsync().AsTask().WaitAsync(Bound))
        {
            Assert.That(third.ClientId, Is.EqualTo(firstId), "the returned connection is reused");
            Assert.That(await third.Commands.ClientIdAsync(), Is.EqualTo(firstId));
        }

        await second.DisposeAsync();
        await second.DisposeAsync(); // a second dispose returns nothing twice
        Assert.That(pool.LeasedCount, Is.Zero);
        Assert.That(pool.OpenCount, Is.EqualTo(2));
        Assert.That(pool.ReplacedCount, Is.Zero);
    }

    [Test]
    public async Task A_session_whose_command_timed_out_has_its_connection_replaced()
    {
        await using var client = await ConnectAsync(options => options with { CommandTimeout = TimeSpan.FromMilliseconds(300), AllowAdminCommands = true });
        var pool = client.DedicatedPoolFor(default);
        long brokenId;
        await using (var session = await client.LeaseDedicatedSessionAsync())
        {
            brokenId = session.ClientId;
            var timedOut = Assert.ThrowsAsync<RedisTimeoutException>(async () => await session.Commands.ExecuteAsync("DEBUG", ["SLEEP", "1"]));
            Assert.That(timedOut!.Outcome, Is.EqualTo(CommandOutcome.Unknown));

            // The reply to DEBUG SLEEP may still come: nothing more is sent on that connection.
            var after = Assert.ThrowsAsync<RedisConnectionException>(async () => await session.Commands.PingAsync());
            Assert.That(after!.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        }

        Assert.That(pool.ReplacedCount, Is.EqualTo(1));
        Assert.That(pool.LeasedCount, Is.Zero);
        await Task.Delay(1_000); // DEBUG SLEEP holds the server for one second
        await using var next = await client.LeaseDedicatedSessionAsync();
        Assert.That(next.ClientId, Is.Not.EqualTo(brokenId));
        Assert.That(await next.Commands.ClientIdAsync().AsTask().WaitAsync(Bound), Is.EqualTo(next.ClientId));
    }
    [Test]
    public async Task A_disposed_session_refuses_new_commands()
    {
        await using var client = await ConnectAsync();
        var session = await client.LeaseDedicatedSessionAsync();
        var view = session.Commands;
        await session.DisposeAsync();
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await view.PingAsync());
        Assert.That(error!.Message, Does.Contain("dedicated session").And.Contain("disposed"));
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task A_cancelled_session_command_leaves_the_connection_in_step()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("cancelled");
        await using var session = await client.LeaseDedicatedSessionAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await session.Commands.SetAsync(key, "never", cancellationToken: cancelled.Token));
        Assert.That(await session.Commands.SetAsync(key, "value"), Is.True);
        Assert.That((string?)await session.Commands.GetAsync(key), Is.EqualTo("value"));
        Assert.That(await session.Commands.ClientIdAsync(), Is.EqualTo(session.ClientId));
    }

    private async Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = TestClients.OptionsFor(_server.Port);
        return await RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }
}
