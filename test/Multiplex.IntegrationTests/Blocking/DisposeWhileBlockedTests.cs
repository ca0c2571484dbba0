using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// Disposing the client closes its dedicated connections, the leased ones included: a caller blocked
/// without a timeout (BLPOP 0, XREADGROUP BLOCK 0, MONITOR, a session's WAIT 0) fails at once with a
/// <see cref="RedisConnectionException"/> that says the client was disposed, and the server no longer
/// holds the blocked connection.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class DisposeWhileBlockedTests(ServerKind kind) : ClientFixture(kind)
{
    // A guard against a hang, not a measurement: a failed caller completes in milliseconds.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    public static IEnumerable<string> Blocks() => ["BLPOP 0", "XREADGROUP BLOCK 0", "MONITOR", "WAIT 0 in a session"];

    [TestCaseSource(nameof(Blocks))]
    public async Task Disposing_the_client_fails_a_caller_blocked_forever_and_frees_its_connection(string block)
    {
        var name = $"dispose-{Guid.NewGuid():N}";
        var client = await TestClients.ConnectAsync(Kind, options => options with { ClientName = name, AllowAdminCommands = true });
        var key = TestClients.Key("never");
        await Client.XGroupCreateAsync(key, "group", "$", makeStream: true);
        RedisDedicatedSession? session = null;
        Task blocked;
        switch (block)
        {
            case "BLPOP 0":
                blocked = client.BLPopAsync([key + ":list"], TimeSpan.Zero).AsTask();
                break;
            case "XREADGROUP BLOCK 0":
                blocked = client.XReadGroupAsync(key, "group", "consumer", TimeSpan.Zero).AsTask();
                break;
            case "MONITOR":
                blocked = Task.Run(async () =>
                {
                    await foreach (var unused in client.MonitorAsync())
                    {
                    }
                });
                break;
            default:
                session = await client.LeaseDedicatedSessionAsync();
                blocked = session.Commands.WaitAsync(1, TimeSpan.Zero).AsTask();
                break;
        }

        Assert.That(async () => await DedicatedConnectionsAsync(name), Is.EqualTo(1).After(10_000, 20), "the blocked connection is there");
        Assert.That(blocked.IsCompleted, Is.False);

        await client.DisposeAsync();

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await blocked.WaitAsync(HangGuard));
        Assert.That(error!.Message, Does.Contain("disposed"));
        Assert.That(async () => await DedicatedConnectionsAsync(name), Is.Zero.After(10_000, 20), "the server no longer holds it");
        if (session is not null)
        {
            await session.DisposeAsync();
            Assert.ThrowsAsync<RedisConnectionException>(async () => await client.LeaseDedicatedSessionAsync());
        }
    }

    /// <summary>How many connections named <paramref name="name"/> the server holds, other than idle shared ones: the blocked or monitoring one.</summary>
    private async Task<int> DedicatedConnectionsAsync(string name)
    {
        var clients = await Client.ClientListAsync();
        return clients.Count(c => c.Name == name && (c.Flags.Contains('b') || c.Flags.Contains('O') || c.LastCommand is "monitor" or "wait"));
    }
}
