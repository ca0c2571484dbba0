using System.Net.Security;
using System.Net.Sockets;

namespace Multiplex.Connections;

/// <summary>Opens the byte stream to one endpoint: TCP, TLS over TCP, or a unix socket.</summary>
internal static class Transport
{
    /// <summary>Connects and, when TLS is on, authenticates. The caller owns the returned stream.</summary>
    public static async Task<Stream> ConnectAsync(RedisEndpoint endpoint, RedisClientOptions options, CancellationToken cancellationToken)
    {
        Socket socket;
        if (endpoint.IsUnixSocket)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        else
        {
            // A dual-mode socket tries every address the host name resolves to (IPv6 and IPv4).
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            SetKeepAlive(socket, options.KeepAlive);
        }

        try
        {
            if (endpoint.IsUnixSocket)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.UnixSocketPath!), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(endpoint.Host!, endpoint.Port, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (!options.Tls.Enabled)
        {
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            var authentication = TlsClientAuthentication.Create(options.Tls, endpoint);
            await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Turns TCP keepalive on with the options' timings (or leaves it off).</summary>
    internal static void SetKeepAlive(Socket socket, KeepAliveOptions keepAlive)
    {
        if (!keepAlive.Enabled)
        {
            return;
        }

        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)keepAlive.Idle.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)keepAlive.Interval.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, keepAlive.Probes);
    }
}
