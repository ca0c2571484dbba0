using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.Support;

/// <summary>Addresses of fixture servers, and of a port where nothing listens.</summary>
public static class Servers
{
    /// <summary><c>127.0.0.1:port</c> of the shared redis-server.</summary>
    public static async Task<string> StandaloneEndpointAsync() => (await SharedServers.StandaloneAsync()).Endpoint;

    /// <summary>A loopback port that was free a moment ago and has no listener now.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A unique key for a test, so tests sharing a server never collide.</summary>
    public static string Key(string name) => $"ext:{TestContext.CurrentContext.Test.Name}:{name}:{Guid.NewGuid():N}";

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails the test when it stays false for <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var allowed = limit ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > allowed)
            {
                Assert.Fail($"The condition did not become true within {allowed.TotalSeconds:0} s.");
            }

            await Task.Delay(20);
        }
    }
}
