using System.Diagnostics;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>Killed connections and restarted servers: callers learn what happened, the client recovers.</summary>
[NonParallelizable]
public sealed class ConnectionFailureTests : DedicatedServerTests
{
    // A process, not a container: these tests kill the server and start it again on the same port.
    private RedisServer ServerProcess => (RedisServer)Server;

    protected override async Task<IServerFixture> StartServerAsync() => await RedisServer.StartAsync();


    [Test]
    public async Task Client_kill_under_load_fails_in_flight_commands_as_unknown_and_the_client_reconnects()
    {
        await using var client = await ConnectAsync();
        var id = (long)await client.ExecuteAsync("CLIENT", ["ID"]);
        var key = TestClients.Key("load");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var connectionErrors = new List<RedisConnectionException>();
        var succeeded = 0;

        var load = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.IncrAsync(key);
                    Interlocked.Increment(ref succeeded);
                }
                catch (RedisConnectionException ex)
                {
                    lock (connectionErrors)
                    {
                        connectionErrors.Add(ex);
                    }

                    return;
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => Volatile.Read(ref succeeded) > 1000);

        // Replies arrive in waves, so a kill between waves finds nothing in flight. Pausing writes
        // first (CLIENT KILL is not a write, so it still runs) leaves INCRs waiting in flight.
        await Server.CliAsync("CLIENT", "PAUSE", "2000", "WRITE");
        await Task.Delay(50);
        await Server.CliAsync("CLIENT", "KILL", "ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Server.CliAsync("CLIENT", "UNPAUSE");
        await WaitUntilAsync(() => { lock (connectionErrors) { return connectionErrors.Count > 0; } });
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.That(connectionErrors, Is.Not.Empty);
        Assert.That(connectionErrors.Select(e => e.Outcome), Has.Some.EqualTo(CommandOutcome.Unknown));
        Assert.That(connectionErrors.Select(e => e.Message), Has.All.Contain(Server.Endpoint));
        Assert.That(connectionErrors.Where(e => e.Outcome == CommandOutcome.Unknown).Select(e => e.Message), Has.All.Contain("may have run"));

        await WaitUntilAsync(() => client.IsConnected);
        Assert.That(await client.IncrAsync(key), Is.GreaterThan(1000));
        Assert.That(client.ReconnectCount, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Commands_issued_while_the_server_is_down_complete_after_it_returns_in_queue_mode()
    {
        await using var client = await ConnectAsync(options => options with { CommandTimeout = TimeSpan.FromSeconds(20) });
        var key = TestClients.Key("queued");
        await client.SetAsync(key, "before");
        await ServerProcess.StopAsync();
        await WaitUntilAsync(() => !client.IsConnected);

        var queued = Enumerable.Range(0, 50).Select(i => client.IncrAsync($"{key}:n").AsTask()).ToArray();
        await Task.Delay(300);
        Assert.That(queued.Any(task => task.IsCompleted), Is.False, "commands wait while the server is down");

        await ServerProcess.StartAgainAsync();
        var results = await Task.WhenAll(queued);
        Assert.That(results.Order(), Is.EqualTo(Enumerable.Range(1, 50).Select(i => (long)i)));
        Assert.That(client.ReconnectCount, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Commands_issued_while_the_server_is_down_fail_at_once_in_fail_fast_mode()
    {
        await using var client = await ConnectAsync(options => options with { WhileDisconnected = DisconnectedBehavior.FailFast });
        await ServerProcess.StopAsync();
        try
        {
            await WaitUntilAsync(() => !client.IsConnected);
            var watch = Stopwatch.StartNew();
            var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync("k"));
            watch.Stop();
            Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.NotSent));
            Assert.That(error.Message, Does.Contain("fail-fast"));
            TestContext.Out.WriteLine($"failed after {watch.Elapsed.TotalMilliseconds:0.0} ms");
        }
        finally
        {
            await ServerProcess.StartAgainAsync();
        }

        await WaitUntilAsync(() => client.IsConnected);
        Assert.That((string?)await client.EchoAsync("back"), Is.EqualTo("back"));
    }

    [Test]
    public async Task Server_restart_fails_in_flight_commands_and_new_commands_succeed_after()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("restart");
        await client.SetAsync(key, "v");
        await ServerProcess.StopAsync();
        await ServerProcess.StartAgainAsync();
        await WaitUntilAsync(() => client.IsConnected && client.ReconnectCount >= 1);
        Assert.That(await client.IncrAsync($"{key}:after"), Is.EqualTo(1));
    }

    private Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = QuickReconnect(Server.Port);
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }

}
