using System.Diagnostics;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Support;

/// <summary>
/// A base for fixtures that pause, restart or fault their server: each gets its own redis-server so
/// nothing it does disturbs the tests that share servers. Failed tests get the server logs attached.
/// The server is a container where containers run, else a process (see <see cref="StandaloneServers"/>);
/// a fixture that kills and restarts the server process overrides <see cref="StartServerAsync"/>.
/// </summary>
public abstract class DedicatedServerTests : ServerTestBase
{
    /// <summary>The fixture's own server.</summary>
    protected IServerFixture Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartDedicatedServerAsync() => Server = await StartServerAsync();

    [OneTimeTearDown]
    public async Task StopDedicatedServerAsync() => await Server.DisposeAsync();

    /// <summary>Starts the fixture's server.</summary>
    protected virtual Task<IServerFixture> StartServerAsync() => StandaloneServers.StartAsync();

    /// <summary>Options for a client of <paramref name="port"/> that reconnects within tens of milliseconds.</summary>
    protected static RedisClientOptions QuickReconnect(int port) => TestClients.OptionsFor(port) with
    {
        Reconnect = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
    };

    /// <summary>Polls <paramref name="condition"/> every 10 ms; fails the test when it stays false for <paramref name="limit"/>.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var allowed = limit ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > allowed)
            {
                Assert.Fail($"The condition did not become true within {allowed.TotalSeconds:0} s.");
            }

            await Task.Delay(10);
        }
    }
}
