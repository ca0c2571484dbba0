using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// <see cref="RedisCommands.ExecuteAsync"/> keeps the promises of the typed methods: it never blocks the
/// shared connection (decided from the server's command flags and, for XREAD and XREADGROUP, the BLOCK
/// argument), never changes the state of one shared connection, and needs
/// <see cref="RedisClientOptions.AllowAdminCommands"/> for the commands the typed methods guard with it.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ExecuteGuardTests(ServerKind kind) : ClientFixture(kind)
{
    public static IEnumerable<TestCaseData> BlockingCommands()
    {
        yield return new TestCaseData("XREAD", new RedisValue[] { "BLOCK", 0, "STREAMS", "k", "$" }).SetArgDisplayNames("XREAD BLOCK 0");
        yield return new TestCaseData("xreadgroup", new RedisValue[] { "GROUP", "g", "c", "block", 100, "STREAMS", "k", ">" }).SetArgDisplayNames("xreadgroup block 100");
        yield return new TestCaseData("BLPOP", new RedisValue[] { "k", 0 }).SetArgDisplayNames("BLPOP");
        yield return new TestCaseData("BZMPOP", new RedisValue[] { 0, 1, "k", "MIN" }).SetArgDisplayNames("BZMPOP");
        yield return new TestCaseData("WAIT", new RedisValue[] { 1, 0 }).SetArgDisplayNames("WAIT");
    }

    [TestCaseSource(nameof(BlockingCommands))]
    public async Task A_command_that_would_block_the_shared_connection_is_refused(string command, RedisValue[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = Client.ExecuteAsync(command, args));
        Assert.That(error!.Message, Does.Contain("blocks the connection").And.Contain(command.ToUpperInvariant()));
        Assert.That((string?)await Client.EchoAsync("not blocked"), Is.EqualTo("not blocked"));
    }

    [Test]
    public async Task Xread_without_block_is_sent()
    {
        var key = TestClients.Key("stream");
        await Client.XAddAsync(key, [new StreamField("f", "v")]);
        var reply = await Client.ExecuteAsync("XREAD", ["COUNT", 1, "STREAMS", key, "0"]);
        Assert.That(reply.IsNull, Is.False);
    }

    public static IEnumerable<TestCaseData> AdminCommands()
    {
        yield return new TestCaseData("FLUSHALL", Array.Empty<RedisValue>()).SetArgDisplayNames("FLUSHALL");
        yield return new TestCaseData("config", new RedisValue[] { "set", "maxmemory-policy", "noeviction" }).SetArgDisplayNames("config set");
        yield return new TestCaseData("SWAPDB", new RedisValue[] { 0, 1 }).SetArgDisplayNames("SWAPDB");
        yield return new TestCaseData("CLIENT", new RedisValue[] { "KILL", "ID", 999_999_999 }).SetArgDisplayNames("CLIENT KILL");
        yield return new TestCaseData("DEBUG", new RedisValue[] { "SLEEP", 0 }).SetArgDisplayNames("DEBUG (no typed method)");
    }

    [TestCaseSource(nameof(AdminCommands))]
    public void An_admin_command_needs_allow_admin(string command, RedisValue[] args)
    {
        var error = Assert.Throws<InvalidOperationException>(() => _ = Client.ExecuteAsync(command, args));
        Assert.That(error!.Message, Does.Contain("AllowAdminCommands"));
    }

    [Test]
    public async Task With_allow_admin_an_admin_command_is_sent()
    {
        await using var admin = await TestClients.ConnectAsync(Kind, options => options with { AllowAdminCommands = true });
        Assert.That((string?)await admin.ExecuteAsync("CONFIG", ["SET", "maxmemory-policy", "noeviction"]), Is.EqualTo("OK"));
        Assert.That((long)await admin.ExecuteAsync("CLIENT", ["KILL", "ID", 999_999_999]), Is.Zero, "no such client: none killed");
    }

    [Test]
    public async Task Commands_that_only_read_need_no_option_and_unknown_commands_go_to_the_server()
    {
        Assert.That((await Client.ExecuteAsync("KEYS", [TestClients.Key("none") + "*"])).Count, Is.Zero);
        Assert.That((await Client.ExecuteAsync("CONFIG", ["GET", "maxmemory-policy"])).Count, Is.EqualTo(2));
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.ExecuteAsync("MODULEX.NOTHING", ["a"]));
        Assert.That(error!.ServerMessage, Does.Contain("unknown command"));
    }

    [Test]
    public void Commands_that_change_one_shared_connection_are_refused()
    {
        foreach (var (command, args) in new (string, RedisValue[])[] { ("CLIENT", ["SETNAME", "x"]), ("client", ["no-evict", "on"]), ("SELECT", [1]), ("READONLY", []) })
        {
            var error = Assert.Throws<ArgumentException>(() => _ = Client.ExecuteAsync(command, args), command);
            Assert.That(error!.Message, Does.Contain("changes the state of the connection"));
        }
    }
}
