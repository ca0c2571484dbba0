using System.Net;
using System.Net.Sockets;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// A client made with <see cref="RedisClient.Create(RedisClientOptions, Microsoft.Extensions.Logging.ILoggerFactory?)"/>
/// that cannot connect tells its callers why: errors that retrying does not fix (a refused password, a
/// database the server does not have) fail commands at once with the server's reason, and a server that
/// cannot be reached times commands out with the latest connect failure in the message and as the inner
/// exception. Attempts go on, so fixing the cause lets the client connect.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ConnectFailureCauseTests(ServerKind kind)
{
    private RedisProtocol Protocol => kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3;

    [Test]
    public async Task A_refused_password_fails_commands_at_once_with_the_servers_reason_and_no_secret()
    {
        var secure = await SharedServers.SecureAsync();
        var wrong = TestSecrets.Password + "-wrong";
        await using var client = RedisClient.Create(TestClients.OptionsFor(secure.Port) with
        {
            Protocol = Protocol,
            User = SharedServers.SecureUserName,
            Password = wrong,
            CommandTimeout = TimeSpan.FromSeconds(30),
        });

        // The first command may arrive before the first attempt has failed: it waits in the queue and
        // fails as soon as the attempt does, not after the 30 s command timeout.
        var first = Assert.ThrowsAsync<RedisAuthenticationException>(async () => await client.GetAsync("k").AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        var again = Assert.ThrowsAsync<RedisAuthenticationException>(async () => await client.GetAsync("k"));
        foreach (var error in new[] { first!, again! })
        {
            Assert.That(error.Message, Does.Contain("GET").And.Contain("retrying does not fix").And.Contain("WRONGPASS").Or.Contain("invalid"));
            Assert.That(error.Message, Does.Not.Contain(wrong));
            Assert.That(error.InnerException, Is.InstanceOf<RedisAuthenticationException>());
        }
    }

    [Test]
    public async Task A_database_the_server_does_not_have_fails_commands_at_once_with_the_servers_error()
    {
        var server = await SharedServers.StandaloneAsync();
        await using var client = RedisClient.Create(TestClients.OptionsFor(server.Port) with
        {
            Protocol = Protocol,
            Database = 99,
            CommandTimeout = TimeSpan.FromSeconds(30),
        });

        Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync("k").AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync("k"));
        Assert.That(error!.Message, Does.Contain("DB index is out of range"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(error.InnerException, Is.InstanceOf<RedisServerException>());
    }

    [Test]
    public async Task A_server_that_cannot_be_reached_times_commands_out_with_the_connect_failure()
    {
        await using var client = RedisClient.Create(TestClients.OptionsFor(ClosedPort()) with
        {
            Protocol = Protocol,
            CommandTimeout = TimeSpan.FromMilliseconds(500),
        });

        // Let the first attempt fail, so the command has a cause to report.
        Assert.That(() => client.Nodes[0].Connections[0].LastConnectError, Is.Not.Null.After(10_000, 20));
        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.GetAsync("k"));
        Assert.That(error!.Message, Does.Contain("while queued (not sent)").And.Contain("last connect attempt"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(error.InnerException, Is.InstanceOf<RedisConnectionException>());
    }

    [Test]
    public async Task Fixing_the_cause_lets_the_client_connect()
    {
        var server = await SharedServers.StandaloneAsync();
        await using var admin = await TestClients.ConnectAsync(kind, options => options with { AllowAdminCommands = true });
        var user = $"late-{Guid.NewGuid():N}";
        try
        {
            await using var client = RedisClient.Create(TestClients.OptionsFor(server.Port) with
            {
                Protocol = Protocol,
                User = user,
                Password = "late-password",
                Reconnect = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
            });
            Assert.ThrowsAsync<RedisAuthenticationException>(async () => await client.PingAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));

            await admin.AclSetUserAsync(user, ["on", ">late-password", "~*", "+@all"]);

            Assert.That(() => client.IsConnected, Is.True.After(10_000, 20));
            Assert.That(await client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        }
        finally
        {
            await admin.AclDelUserAsync([user]);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
