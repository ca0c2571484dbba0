using System.Diagnostics;
using System.Net.Sockets;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

public sealed class FaultProxyTests : ServerTestBase
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private FaultProxy _proxy = null!;

    [SetUp]
    public async Task StartProxyAsync()
    {
        var server = await SharedServers.StandaloneAsync();
        _proxy = await FaultProxy.StartAsync(server.Host, server.Port);
    }

    [TearDown]
    public async Task StopProxyAsync() => await _proxy.DisposeAsync();

    [Test]
    public async Task Proxy_forwards_commands_and_counts_connections()
    {
        await using var connection = await ConnectAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await connection.CommandAsync(["PING"]), Is.EqualTo("+PONG"));
            Assert.That(_proxy.ActiveConnections, Is.EqualTo(1));
            Assert.That(_proxy.TotalConnections, Is.EqualTo(1));
            Assert.That(_proxy.Endpoint, Is.EqualTo($"127.0.0.1:{_proxy.Port}"));
        });
    }

    [Test]
    public async Task Split_traffic_carries_a_large_value_intact_in_small_segments()
    {
        const int SplitSize = 7;
        _proxy.SplitSize = SplitSize;
        await using var connection = await ConnectAsync();
        var key = "proxy:" + Guid.NewGuid().ToString("N");
        var value = new string([.. Enumerable.Range(0, 100 * 1024).Select(index => (char)('a' + (index % 26)))]);

        Assert.That(await connection.CommandAsync(["SET", key, value]), Is.EqualTo("+OK"));
        var echoed = await connection.CommandAsync(["GET", key]);

        Assert.Multiple(() =>
        {
            Assert.That(echoed, Is.EqualTo(value));
            // The value crossed the proxy twice (SET and GET), each time in segments of at most 7 bytes.
            Assert.That(_proxy.ForwardedWrites, Is.GreaterThanOrEqualTo(2L * value.Length / SplitSize));
        });
    }

    [Test]
    public async Task Delay_slows_every_round_trip()
    {
        await using var connection = await ConnectAsync();
        Assert.That(await connection.CommandAsync(["PING"]), Is.EqualTo("+PONG"));
        _proxy.Delay = TimeSpan.FromMilliseconds(150);

        var stopwatch = Stopwatch.StartNew();
        var reply = await connection.CommandAsync(["PING"]);
        stopwatch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("+PONG"));
            // Delayed once on the way in and once on the way out.
            Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290)));
        });
    }

    [Test]
    public async Task Drop_all_closes_client_connections_and_new_ones_still_work()
    {
        await using var connection = await ConnectAsync();
        Assert.That(await connection.CommandAsync(["PING"]), Is.EqualTo("+PONG"));

        _proxy.DropAll();

        Assert.That(await ReadsEndOfStreamAsync(connection), Is.True);
        await using var next = await ConnectAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await next.CommandAsync(["PING"]), Is.EqualTo("+PONG"));
            Assert.That(_proxy.TotalConnections, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Black_hole_swallows_traffic_but_keeps_the_connection_open()
    {
        await using var connection = await ConnectAsync();
        Assert.That(await connection.CommandAsync(["PING"]), Is.EqualTo("+PONG"));

        _proxy.BlackHole = true;
        await connection.SendAsync(["ECHO", "lost"]);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var read = async () => await connection.ReadReplyAsync(shortWait.Token);

        Assert.That(read, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_proxy.ActiveConnections, Is.EqualTo(1));

        _proxy.BlackHole = false;
        await using var fresh = await ConnectAsync();
        Assert.That(await fresh.CommandAsync(["ECHO", "back"]), Is.EqualTo("back"));
    }

    [Test]
    public async Task Injected_bytes_reach_the_client_between_replies()
    {
        await using var connection = await ConnectAsync();
        Assert.That(await connection.CommandAsync(["PING"]), Is.EqualTo("+PONG"));

        await _proxy.InjectToClientsAsync("+injected\r\n"u8.ToArray());

        Assert.Multiple(async () =>
        {
            Assert.That(await connection.ReadReplyAsync(Timeout()), Is.EqualTo("+injected"));
            Assert.That(await connection.CommandAsync(["PING"], Timeout()), Is.EqualTo("+PONG"));
        });
    }

    [Test]
    public async Task Refused_connections_are_closed_and_not_counted()
    {
        _proxy.RefuseNewConnections = true;

        var refused = await IsRefusedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.True);
            Assert.That(_proxy.TotalConnections, Is.Zero);
        });
        _proxy.RefuseNewConnections = false;
        await using var accepted = await ConnectAsync();
        Assert.That(await accepted.CommandAsync(["PING"]), Is.EqualTo("+PONG"));
    }

    [Test]
    public async Task Disposed_proxy_stops_listening()
    {
        var port = _proxy.Port;
        await _proxy.DisposeAsync();

        var connect = async () => await RawRespConnection.ConnectAsync("127.0.0.1", port);

        Assert.That(connect, Throws.InstanceOf<SocketException>());
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(ReadTimeout).Token;

    private Task<RawRespConnection> ConnectAsync() => RawRespConnection.ConnectAsync("127.0.0.1", _proxy.Port);

    private async Task<bool> IsRefusedAsync()
    {
        try
        {
            await using var connection = await ConnectAsync();
            return await ReadsEndOfStreamAsync(connection);
        }
        catch (SocketException)
        {
            // The reset can arrive while the connect is still completing.
            return true;
        }
    }

    private static async Task<bool> ReadsEndOfStreamAsync(RawRespConnection connection)
    {
        try
        {
            return await connection.ReadSomeAsync(new byte[16], Timeout()) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
