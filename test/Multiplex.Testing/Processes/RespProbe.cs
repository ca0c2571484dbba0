using System.Net.Sockets;

namespace Multiplex.Testing.Processes;

/// <summary>Readiness probe: a server is up when a RESP PING gets any reply except -LOADING.</summary>
internal static class RespProbe
{
    public static async Task<bool> PingAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await RawRespConnection.ConnectAsync(host, port, cancellationToken);
            var reply = await connection.CommandAsync(["PING"], cancellationToken);

            // A server with requirepass answers -NOAUTH: it is listening and serving, which is all
            // readiness means here.
            return reply is not null && !reply.StartsWith("-LOADING", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }
}
