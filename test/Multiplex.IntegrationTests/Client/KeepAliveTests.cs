using System.Net.Sockets;
using Multiplex.Connections;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// Every TCP connection, shared or dedicated, has keepalive on with the configured timings, so a
/// dedicated connection blocked forever on a half-open socket learns that it is dead.
/// </summary>
public sealed class KeepAliveTests
{
    [Test]
    public async Task Shared_and_dedicated_connections_probe_with_the_configured_timings()
    {
        var sockets = new List<Socket>();
        await using (var client = await TestClients.ConnectAsync(options => options with
        {
            KeepAlive = new KeepAliveOptions { Idle = TimeSpan.FromSeconds(7), Interval = TimeSpan.FromSeconds(2), Probes = 4 },
            TransportFactory = async (endpoint, opened, cancellationToken) =>
            {
                var stream = await Transport.ConnectAsync(endpoint, opened, cancellationToken);
                lock (sockets)
                {
                    sockets.Add(((NetworkStream)stream).Socket);
                }

                return stream;
            },
        }))
        {
            await using var session = await client.LeaseDedicatedSessionAsync();
            await session.Commands.PingAsync();
            Assert.That(sockets, Has.Count.EqualTo(2), "the shared connection and the session's");
            foreach (var socket in sockets)
            {
                Assert.That((int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!, Is.Not.Zero);
                Assert.That((int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!, Is.EqualTo(7));
                Assert.That((int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!, Is.EqualTo(2));
                Assert.That((int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!, Is.EqualTo(4));
            }
        }
    }

    [Test]
    public async Task Keepalive_is_on_by_default_and_can_be_turned_off()
    {
        var server = await SharedServers.StandaloneAsync();
        var endpoint = RedisEndpoint.Tcp("127.0.0.1", server.Port);
        await using (var stream = (NetworkStream)await Transport.ConnectAsync(endpoint, new RedisClientOptions { Endpoints = [endpoint] }, CancellationToken.None))
        {
            Assert.That((int)stream.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!, Is.Not.Zero);
            Assert.That((int)stream.Socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!, Is.EqualTo(30));
        }

        var off = RedisClientOptions.Parse($"127.0.0.1:{server.Port},tcpKeepAlive=0");
        Assert.That(off.KeepAlive.Enabled, Is.False);
        await using (var stream = (NetworkStream)await Transport.ConnectAsync(endpoint, off, CancellationToken.None))
        {
            Assert.That((int)stream.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!, Is.Zero);
        }
    }

    [Test]
    public void Keepalive_settings_round_trip_through_a_connection_string_and_are_validated()
    {
        var options = RedisClientOptions.Parse("localhost:6379,tcpKeepAlive=7s,tcpKeepAliveInterval=2s,tcpKeepAliveProbes=4");
        Assert.That(options.KeepAlive, Is.EqualTo(new KeepAliveOptions { Idle = TimeSpan.FromSeconds(7), Interval = TimeSpan.FromSeconds(2), Probes = 4 }));
        Assert.That(RedisClientOptions.Parse(options.ToString()), Is.EqualTo(options));
        Assert.That(() => RedisClientOptions.Parse("localhost:6379,tcpKeepAlive=1500ms"), Throws.InstanceOf<FormatException>().Or.InstanceOf<ArgumentException>());
        Assert.That(() => new RedisClientOptions { KeepAlive = new KeepAliveOptions { Probes = 0 } }.Validate(), Throws.ArgumentException.With.Message.Contains("Probes"));
    }
}
