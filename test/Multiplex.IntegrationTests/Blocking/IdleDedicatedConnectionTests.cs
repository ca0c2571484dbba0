using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// A dedicated connection waiting in the pool that the server closes (CLIENT KILL here; its idle
/// <c>timeout</c> or a restart in production) is noticed while it waits and replaced at the next lease,
/// so the next blocking command runs instead of failing as "may have run". Plain and TLS transports.
/// </summary>
public sealed class IdleDedicatedConnectionTests : ServerTestBase
{
    private RedisServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true });

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_pooled_connection_the_server_closed_while_idle_is_replaced_at_the_next_lease(bool tls)
    {
        var options = tls
            ? TestClients.OptionsFor(_server.TlsPort!.Value) with { Tls = TestClients.TlsFromFiles(_server.Certificates!) }
            : TestClients.OptionsFor(_server.Port);
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var key = TestClients.Key("idle-dedicated");
        Assert.That(await client.BLPopAsync(key, TimeSpan.FromMilliseconds(10)), Is.Null, "a dedicated connection was leased and given back");

        for (var round = 0; round < 3; round++)
        {
            await _server.CliAsync("CLIENT", "KILL", "TYPE", "normal");
            await Task.Delay(100); // the close reaches the idle connection's pending read
            await _server.CliAsync("RPUSH", key, $"item {round}");

            var popped = await client.BLPopAsync(key, TimeSpan.FromSeconds(5));
            Assert.That(popped?.Value.ToString(), Is.EqualTo($"item {round}"), $"round {round}: the blocking pop ran on a fresh connection");
        }
    }

    [Test]
    public async Task An_idle_connection_the_server_did_not_close_is_reused()
    {
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(_server.Port), TestClients.Logs);
        var key = TestClients.Key("idle-reused");
        await client.BLPopAsync(key, TimeSpan.FromMilliseconds(10));
        var before = await ConnectionsAsync();
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(20);
            Assert.That(await client.BLPopAsync(key, TimeSpan.FromMilliseconds(10)), Is.Null);
        }

        // The second count's own redis-cli connection is the only new one.
        Assert.That(await ConnectionsAsync(), Is.EqualTo(before + 1), "the same pooled connection served every pop (no reconnects)");
    }

    private async Task<long> ConnectionsAsync()
    {
        var info = await _server.CliAsync("INFO", "stats");
        var line = info.Split('\n').Single(line => line.StartsWith("total_connections_received:", StringComparison.Ordinal));
        return long.Parse(line["total_connections_received:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
