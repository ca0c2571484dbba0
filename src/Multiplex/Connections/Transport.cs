using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Multiplex.Connections;

/// <summary>
/// Opens the byte stream to one endpoint: TCP, TLS over TCP, or a unix socket; and words the error of a
/// connect that failed, saying what is likely wrong.
/// </summary>
internal static class Transport
{
    /// <summary>Connects and, when TLS is on, authenticates. The caller owns the returned stream.</summary>
    /// <exception cref="RedisConnectionException">The TLS handshake failed; the message says what is likely wrong.</exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> ended the connect; during the TLS handshake it is a
    /// <see cref="TlsHandshakeCanceledException"/>, so a timeout can say the server did not answer it.
    /// </exception>
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

        // Reading the settings' files fails before the handshake, with the file's own message.
        SslClientAuthenticationOptions authentication;
        var refusal = new StrongBox<string?>();
        try
        {
            authentication = TlsClientAuthentication.Create(options.Tls, endpoint, options.ConnectTimeout);
            TlsClientAuthentication.ExplainRefusals(authentication, options.Tls, refusal);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new TlsHandshakeCanceledException(ex, cancellationToken);
            }

            var endpointText = endpoint.ToString();
            var reason = refusal.Value is { } refused
                ? $"the TLS handshake failed: {refused}"
                : $"the TLS handshake failed ({Describe(ex)}): is TLS enabled on the server, on this port?";
            throw new RedisConnectionException($"Could not connect to {endpointText}: {reason}", CommandOutcome.NotSent, ex) { Endpoint = endpointText };
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

    /// <summary>
    /// The error for a connect that failed with <paramref name="cause"/> (not a <see cref="RedisException"/>,
    /// which already says what went wrong): a timeout after <see cref="RedisClientOptions.ConnectTimeout"/>
    /// says how far the connect got, any other failure quotes the cause.
    /// </summary>
    /// <param name="endpoint">The endpoint, as text.</param>
    /// <param name="options">The options (for the connect timeout).</param>
    /// <param name="cause">What ended the connect; an <see cref="OperationCanceledException"/> means the timeout.</param>
    /// <param name="transportOpen">Whether the byte stream was open (the Redis handshake had started).</param>
    public static RedisConnectionException ConnectFailed(string endpoint, RedisClientOptions options, Exception cause, bool transportOpen)
    {
        if (cause is OperationCanceledException)
        {
            var stage = cause is TlsHandshakeCanceledException
                ? ": the server did not answer the TLS handshake: is TLS enabled on it?"
                : transportOpen ? ": the server accepted the connection but did not answer the handshake (is it paused or overloaded?)" : ".";
            return new RedisConnectionException(
                $"Connecting to {endpoint} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms{stage}", CommandOutcome.NotSent, cause)
            { Endpoint = endpoint };
        }

        return new RedisConnectionException($"Could not connect to {endpoint}: {cause.Message}", CommandOutcome.NotSent, cause) { Endpoint = endpoint };
    }

    /// <summary>An exception's message with its inner exception's, which often holds the useful part.</summary>
    private static string Describe(Exception exception) =>
        exception.InnerException is { } inner ? $"{exception.Message.TrimEnd('.')}: {inner.Message.TrimEnd('.')}" : exception.Message.TrimEnd('.');

    /// <summary>The connect ran out of time (or was cancelled) during the TLS handshake.</summary>
    internal sealed class TlsHandshakeCanceledException(Exception innerException, CancellationToken cancellationToken)
        : OperationCanceledException("The TLS handshake did not complete.", innerException, cancellationToken);
}
