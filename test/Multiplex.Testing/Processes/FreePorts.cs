using System.Net;
using System.Net.Sockets;

namespace Multiplex.Testing.Processes;

/// <summary>
/// Picks loopback ports nobody listens on: bind port 0, read the port, release it. Another process
/// can still take the port before the server binds it, so callers retry a start on a conflict.
/// </summary>
public static class FreePorts
{
    /// <summary>A cluster node's bus listens on its port plus this offset (redis.conf, cluster-port).</summary>
    public const int ClusterBusOffset = 10000;

    private const int MaxAttempts = 100;

    /// <summary>A free loopback port; with <paramref name="clusterBus"/>, one whose cluster bus port is free too.</summary>
    public static int Next(bool clusterBus = false)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var port = Reserve(0);
            if (!clusterBus)
            {
                return port;
            }

            if (port + ClusterBusOffset <= IPEndPoint.MaxPort && IsFree(port + ClusterBusOffset))
            {
                return port;
            }
        }

        throw new InvalidOperationException("Could not find a free loopback port.");
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> on loopback now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            Reserve(port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Reserve(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
