using System.Diagnostics;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>Dead sockets are detected without waiting for TCP: heartbeat, and the stuck-connection rule.</summary>
[NonParallelizable]
public sealed class ConnectionHealthTests : DedicatedServerTests
{

    [Test]
    public async Task The_heartbeat_detects_a_black_holed_connection_and_the_client_recovers()
    {
        await using var proxy = await FaultProxy.StartAsync(Server.Host, Server.Port);
        var options = QuickReconnect(proxy.Port) with
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            HeartbeatTimeout = TimeSpan.FromMilliseconds(300),
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
        };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));

        proxy.BlackHole = true;
        var watch = Stopwatch.StartNew();
        await WaitUntilAsync(() => !client.IsConnected, TimeSpan.FromSeconds(5));
        TestContext.Out.WriteLine($"dead connection detected after {watch.Elapsed.TotalMilliseconds:0} ms");

        proxy.BlackHole = false;
        await WaitUntilAsync(() => client.IsConnected, TimeSpan.FromSeconds(10));
        Assert.That((string?)await client.EchoAsync("alive"), Is.EqualTo("alive"));
        Assert.That(client.ReconnectCount, Is.GreaterThanOrEqualTo(1));
        Assert.That(CapturedLogs.All, Has.Some.Contain("Heartbeat PING"));
    }

    [Test]
    public async Task A_connection_whose_oldest_command_is_far_past_its_timeout_is_torn_down()
    {
        var options = QuickReconnect(Server.Port) with { CommandTimeout = TimeSpan.FromMilliseconds(100) };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        await client.SetAsync(TestClients.Key("stuck"), "v");

        // 2 × 100 ms + 1 s after it was written, a command with no reply marks the connection as dead.
        await Server.CliAsync("CLIENT", "PAUSE", "3000", "ALL");
        try
        {
            Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.GetAsync(TestClients.Key("stuck")));
            var watch = Stopwatch.StartNew();
            await WaitUntilAsync(() => !client.IsConnected, TimeSpan.FromSeconds(5));
            TestContext.Out.WriteLine($"torn down {watch.Elapsed.TotalMilliseconds:0} ms after the timeout");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "torn down by the stuck rule, not by the pause ending");
        }
        finally
        {
            await Server.CliAsync("CLIENT", "UNPAUSE");
        }

        Assert.That(CapturedLogs.All, Has.Some.Contain("considered dead"));
        await WaitUntilAsync(() => client.IsConnected, TimeSpan.FromSeconds(10));
        Assert.That((string?)await client.EchoAsync("back"), Is.EqualTo("back"));
    }

}
