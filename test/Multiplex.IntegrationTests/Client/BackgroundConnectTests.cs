using System.Net;
using System.Net.Sockets;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary><see cref="RedisClient.Create(RedisClientOptions, Microsoft.Extensions.Logging.ILoggerFactory?)"/>: a client that connects in the background.</summary>
[NonParallelizable]
public sealed class BackgroundConnectTests : DedicatedServerTests
{
    // A process, not a container: these tests kill the server and start it again on the same port.
    private RedisServer ServerProcess => (RedisServer)Server;

    protected override async Task<IServerFixture> StartServerAsync() => await RedisServer.StartAsync();

    [Test]
    public async Task Commands_to_a_port_where_nothing_listens_time_out_as_not_sent()
    {
        var port = ClosedPort();
        await using var client = RedisClient.Create(QuickReconnect(port) with { CommandTimeout = TimeSpan.FromMilliseconds(300) }, TestClients.Logs);

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.SetAsync(TestClients.Key("k"), "v"));

        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(error.Message, Does.Contain("not sent").And.Contain($"127.0.0.1:{port}"));
        Assert.That(client.IsConnected, Is.False);
        Assert.That(client.Protocol, Is.EqualTo(RedisProtocol.Resp3));
        Assert.That(client.ReconnectCount, Is.Zero);
    }

    [Test]
    public async Task Waiting_for_the_connection_with_a_timeout_names_the_endpoint_and_the_last_failure()
    {
        var port = ClosedPort();
        await using var client = RedisClient.Create(QuickReconnect(port), TestClients.Logs);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.WaitForConnectionAsync(TimeSpan.FromMilliseconds(500)));

        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("within 500 ms"));
        Assert.That(error.InnerException, Is.Not.Null);
        Assert.That(CapturedLogs.All, Has.Some.Contain("[1005]").And.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task In_fail_fast_mode_commands_before_the_first_connection_fail_at_once()
    {
        await using var client = RedisClient.Create(QuickReconnect(ClosedPort()) with { WhileDisconnected = DisconnectedBehavior.FailFast }, TestClients.Logs);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync(TestClients.Key("k")));

        Assert.That(error!.Message, Does.Contain("fail-fast"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
    }

    [Test]
    public async Task Commands_queued_before_the_server_is_reachable_succeed_once_it_is()
    {
        await ServerProcess.StopAsync();
        var restarted = false;
        try
        {
            await using var client = RedisClient.Create(QuickReconnect(Server.Port) with { CommandTimeout = TimeSpan.FromSeconds(20) }, TestClients.Logs);
            var key = TestClients.Key("queued");
            var increments = Enumerable.Range(0, 10).Select(_ => client.IncrAsync(key).AsTask()).ToArray();
            Assert.That(client.IsConnected, Is.False);
            Assert.That(increments.Any(task => task.IsCompleted), Is.False);

            await ServerProcess.StartAgainAsync();
            restarted = true;
            await client.WaitForConnectionAsync(TimeSpan.FromSeconds(15));
            var results = await Task.WhenAll(increments);

            Assert.That(results.Order(), Is.EqualTo(Enumerable.Range(1, 10).Select(i => (long)i)));
            Assert.That(client.IsConnected, Is.True);
            Assert.That(client.ReconnectCount, Is.Zero, "the first connection is not a reconnect");
            Assert.That(await client.GetAsync(key), Is.EqualTo((RedisValue)"10"));
        }
        finally
        {
            if (!restarted)
            {
                await ServerProcess.StartAgainAsync();
            }
        }
    }

    [TestCase(RedisProtocol.Resp3)]
    [TestCase(RedisProtocol.Resp2)]
    public async Task A_subscription_made_before_the_server_is_reachable_is_confirmed_once_it_is(RedisProtocol protocol)
    {
        await ServerProcess.StopAsync();
        var restarted = false;
        try
        {
            await using var client = RedisClient.Create(QuickReconnect(Server.Port) with { CommandTimeout = TimeSpan.FromSeconds(20), Protocol = protocol }, TestClients.Logs);
            RedisValue channel = TestClients.Key("early");
            var subscribing = client.SubscribeAsync(channel);
            await Task.Delay(200);
            Assert.That(subscribing.IsCompleted, Is.False, "no server yet: the subscribe waits for it");

            await ServerProcess.StartAgainAsync();
            restarted = true;
            await using var subscription = await subscribing.WaitAsync(TimeSpan.FromSeconds(15));
            await using var publisher = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port));

            Assert.That(await publisher.PublishAsync(channel, "hello"), Is.EqualTo(1));
            await using var reading = subscription.GetAsyncEnumerator();
            Assert.That(await reading.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(reading.Current.Payload, Is.EqualTo((RedisValue)"hello"));
            Assert.That((await publisher.PubSubNumSubAsync([channel]))[channel], Is.EqualTo(1));
            Assert.That(subscription.LastRestoredAt, Is.Null, "the first connection restores nothing");
            Assert.That(client.ReconnectCount, Is.Zero);
        }
        finally
        {
            if (!restarted)
            {
                await ServerProcess.StartAgainAsync();
            }
        }
    }

    [Test]
    public async Task A_client_created_against_a_live_server_connects_and_waiting_completes()
    {
        await using var client = RedisClient.Create(QuickReconnect(Server.Port), TestClients.Logs);

        await client.WaitForConnectionAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(client.IsConnected, Is.True);
        Assert.That(await client.IncrAsync(TestClients.Key("live")), Is.EqualTo(1));
    }

    [Test]
    public async Task Disposing_before_the_first_connection_fails_queued_commands_and_waiters_cleanly()
    {
        var client = RedisClient.Create(QuickReconnect(ClosedPort()) with { CommandTimeout = TimeSpan.FromSeconds(30) }, TestClients.Logs);
        var queued = client.GetAsync(TestClients.Key("k")).AsTask();
        var waiting = client.WaitForConnectionAsync(CancellationToken.None);

        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        var commandError = Assert.ThrowsAsync<RedisConnectionException>(async () => await queued.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.That(commandError!.Message, Does.Contain("disposed"));
        var waitError = Assert.ThrowsAsync<RedisConnectionException>(async () => await waiting.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.That(waitError!.Message, Does.Contain("disposed before it connected"));
        Assert.ThrowsAsync<RedisConnectionException>(async () => await client.PingAsync());
    }

    [Test]
    public async Task Blocking_commands_before_the_first_connection_fail_with_a_connection_error()
    {
        await using var client = RedisClient.Create(QuickReconnect(ClosedPort()), TestClients.Logs);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.BLPopAsync([TestClients.Key("list")], TimeSpan.FromSeconds(1)));

        Assert.That(error!.Message, Does.Contain("127.0.0.1"));
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task Cancelling_the_wait_leaves_the_client_connecting()
    {
        await using var client = RedisClient.Create(QuickReconnect(ClosedPort()), TestClients.Logs);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await client.WaitForConnectionAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(client.IsConnected, Is.False);
    }

    /// <summary>A loopback port that was free a moment ago and has no listener now.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
