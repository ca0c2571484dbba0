using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// Opening a dedicated connection to a server that accepts the socket but answers nothing (CLIENT PAUSE
/// ALL holds the handshake): every way of leasing one fails with a connection error after
/// <see cref="RedisClientOptions.ConnectTimeout"/>, naming the endpoint, and gives its pool slot back.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
[NonParallelizable] // the server is paused for the whole of each test
public sealed class PausedServerLeaseTests(ServerKind kind) : DedicatedServerTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(250);

    // Far longer than ConnectTimeout, so the connect cannot outlast the pause; CLIENT UNPAUSE ends it
    // in each test's finally (or, when the server holds that too, the pause ends on its own).
    private const string PauseMilliseconds = "3000";

    [Test]
    public Task A_blocking_pop_on_a_paused_server_fails_with_a_connection_error() =>
        AssertConnectTimesOutAsync(client => client.BLPopAsync([TestClients.Key("list")], TimeSpan.FromSeconds(1)).AsTask());

    [Test]
    public Task A_blocking_move_on_a_paused_server_fails_with_a_connection_error() =>
        AssertConnectTimesOutAsync(client => client.BLMoveAsync(TestClients.Key("from"), TestClients.Key("to"), ListSide.Left, ListSide.Right, TimeSpan.FromSeconds(1)).AsTask());

    [Test]
    public Task A_transaction_on_a_paused_server_fails_with_a_connection_error() =>
        AssertConnectTimesOutAsync(client => client.TransactAsync([TestClients.Key("watched")], (_, _) => ValueTask.CompletedTask));

    [Test]
    public Task A_dedicated_session_on_a_paused_server_fails_with_a_connection_error() =>
        AssertConnectTimesOutAsync(async client =>
        {
            await using var session = await client.LeaseDedicatedSessionAsync();
        });

    [Test]
    public Task Monitor_on_a_paused_server_fails_with_a_connection_error() =>
        AssertConnectTimesOutAsync(async client =>
        {
            await foreach (var unused in client.MonitorAsync())
            {
                break;
            }
        });

    [Test]
    public Task A_handshake_with_nothing_to_set_still_times_out_waiting_for_the_client_id() =>
        AssertConnectTimesOutAsync(
            client => client.BLPopAsync([TestClients.Key("list")], TimeSpan.FromSeconds(1)).AsTask(),
            options => options with { ClientName = null, SetClientInfo = false });

    [Test]
    public async Task A_caller_who_cancels_while_the_server_is_paused_gets_a_cancellation()
    {
        var options = Options() with { ConnectTimeout = TimeSpan.FromSeconds(30) };
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        await Server.CliAsync("CLIENT", "PAUSE", PauseMilliseconds, "ALL");
        try
        {
            using var cancel = new CancellationTokenSource(ConnectTimeout);
            Assert.CatchAsync<OperationCanceledException>(async () =>
                await client.BLPopAsync([TestClients.Key("list")], TimeSpan.FromSeconds(1), cancel.Token));
            Assert.That(cancel.IsCancellationRequested, Is.True);
        }
        finally
        {
            await Server.CliAsync("CLIENT", "UNPAUSE");
        }
    }

    private async Task AssertConnectTimesOutAsync(Func<RedisClient, Task> lease, Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = Options();
        options = configure is null ? options : configure(options);

        // The shared connection is made before the pause; only the dedicated one meets it.
        await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
        var pool = client.DedicatedPoolFor(default);
        await Server.CliAsync("CLIENT", "PAUSE", PauseMilliseconds, "ALL");
        try
        {
            var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await lease(client));
            TestContext.Out.WriteLine(error!.Message);

            Assert.That(error!.Message, Does.Contain("timed out after 250 ms"));
            Assert.That(error.Message, Does.Contain(Server.Endpoint));
            Assert.That(error.Endpoint, Is.EqualTo(Server.Endpoint));
            Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
            Assert.That(error.IsTransient, Is.True);
            Assert.That(pool.LeasedCount, Is.Zero, "the failed lease gave its slot back");
        }
        finally
        {
            await Server.CliAsync("CLIENT", "UNPAUSE");
        }
    }

    private RedisClientOptions Options() => TestClients.OptionsFor(Server.Port) with
    {
        Protocol = kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3,
        ConnectTimeout = ConnectTimeout,
        AllowAdminCommands = true,
    };
}
