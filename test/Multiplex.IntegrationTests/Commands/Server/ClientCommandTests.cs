using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Server;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ClientCommandTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Client_id_info_and_list_describe_the_same_connection()
    {
        var id = await Client.ClientIdAsync();
        var info = await Client.ClientInfoAsync();
        var list = await Client.ClientListAsync();
        var normal = await Client.ClientListAsync(ClientType.Normal);
        var byId = await Client.ClientListAsync(ids: [id]);

        Assert.That(info.Id, Is.EqualTo(id));
        Assert.That(info.Name, Is.EqualTo("multiplex-tests"));
        Assert.That(info.LastCommand, Is.EqualTo("client|info"));
        Assert.That(info.Protocol, Is.EqualTo(Kind == ServerKind.RedisResp2 ? 2 : 3));
        Assert.That(info.User, Is.EqualTo("default"));
        Assert.That(info.Address, Does.Match(TestClients.ClientAddressPattern));
        Assert.That(info.Database, Is.Zero);
        Assert.That(list.Select(c => c.Id), Does.Contain(id));
        Assert.That(normal.Select(c => c.Id), Does.Contain(id));
        Assert.That(byId.Single().Address, Is.EqualTo(info.Address));
        Assert.That(byId.Single().Fields["id"], Is.EqualTo(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Client_setname_and_getname_round_trip_on_a_session_whose_connection_is_then_not_reused()
    {
        await using var client = await TestClients.ConnectAsync(Kind);
        Assert.That(await client.ClientGetNameAsync(), Is.EqualTo("multiplex-tests"));
        var pool = client.DedicatedPoolFor(default);
        long renamedId;
        await using (var session = await client.LeaseDedicatedSessionAsync())
        {
            await session.Commands.ClientSetNameAsync("renamed-by-test");
            Assert.That(await session.Commands.ClientGetNameAsync(), Is.EqualTo("renamed-by-test"));
            Assert.That((await session.Commands.ClientInfoAsync()).Name, Is.EqualTo("renamed-by-test"));
            Assert.ThrowsAsync<ArgumentException>(async () => await session.Commands.ClientSetNameAsync("has space"));
            renamedId = session.ClientId;
        }

        Assert.That(await client.ClientGetNameAsync(), Is.EqualTo("multiplex-tests"), "the shared connection keeps the configured name");
        Assert.That(pool.ReplacedCount, Is.EqualTo(1), "a renamed session connection is closed, not pooled");
        await using var next = await client.LeaseDedicatedSessionAsync();
        Assert.That(next.ClientId, Is.Not.EqualTo(renamedId));
        Assert.That(await next.Commands.ClientGetNameAsync(), Is.EqualTo("multiplex-tests"));
    }

    [Test]
    public async Task Client_no_evict_switches_on_and_off_on_a_session()
    {
        await using var client = await TestClients.ConnectAsync(Kind);
        await using var session = await client.LeaseDedicatedSessionAsync();

        await session.Commands.ClientNoEvictAsync(true);
        Assert.That((await session.Commands.ClientInfoAsync()).Flags, Does.Contain("e"));
        await session.Commands.ClientNoEvictAsync(false);
        Assert.That((await session.Commands.ClientInfoAsync()).Flags, Does.Not.Contain("e"));
        Assert.That((await client.ClientInfoAsync()).Flags, Does.Not.Contain("e"), "the shared connection is untouched");
    }

    [Test]
    public async Task The_no_evict_option_applies_to_every_connection_and_survives_a_reconnect()
    {
        await using var client = await TestClients.ConnectAsync(Kind, o => o with { NoEvict = true, ConnectionsPerNode = 2 });
        await using var admin = await TestClients.ConnectAsync(Kind, o => o with { AllowAdminCommands = true });
        var ids = new HashSet<long>();
        for (var i = 0; i < 4; i++)
        {
            var info = await client.ClientInfoAsync();
            Assert.That(info.Flags, Does.Contain("e"), "each shared connection is exempt");
            ids.Add(info.Id);
        }

        Assert.That(ids, Has.Count.EqualTo(2), "keyless commands take both connections in turn");
        await using (var session = await client.LeaseDedicatedSessionAsync())
        {
            Assert.That((await session.Commands.ClientInfoAsync()).Flags, Does.Contain("e"), "dedicated connections too");
        }

        var before = client.ReconnectCount;
        Assert.That(await admin.ClientKillAsync(new ClientKillFilter { Id = ids.First() }), Is.EqualTo(1));
        Assert.That(() => client.ReconnectCount > before && client.IsConnected, Is.True.After(10_000, 20));
        for (var i = 0; i < 4; i++)
        {
            Assert.That((await client.ClientInfoAsync()).Flags, Does.Contain("e"), "the handshake of the new connection sets it again");
        }
    }

    [Test]
    public async Task Client_no_touch_switches_on_and_off_on_a_session()
    {
        await using var client = await TestClients.ConnectAsync(Kind);
        await using var session = await client.LeaseDedicatedSessionAsync();
        try
        {
            await session.Commands.ClientNoTouchAsync(true);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("unknown subcommand", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Ignore("CLIENT NO-TOUCH needs Redis 7.2; the test server is older.");
        }

        Assert.That((await session.Commands.ClientInfoAsync()).Flags, Does.Contain("T"));
        await session.Commands.ClientNoTouchAsync(false);
        Assert.That((await session.Commands.ClientInfoAsync()).Flags, Does.Not.Contain("T"));
    }

    [Test]
    public async Task Client_kill_by_id_closes_that_connection_only()
    {
        await using var admin = await TestClients.ConnectAsync(Kind, o => o with { AllowAdminCommands = true });
        await using var victim = await TestClients.ConnectAsync(Kind);
        var victimId = await victim.ClientIdAsync();

        var killed = await admin.ClientKillAsync(new ClientKillFilter { Id = victimId });
        var missing = await admin.ClientKillAsync(new ClientKillFilter { Id = victimId, SkipMe = true });

        Assert.That(killed, Is.EqualTo(1));
        Assert.That(missing, Is.Zero);
        Assert.That((await admin.ClientListAsync()).Select(c => c.Id), Does.Not.Contain(victimId));
    }

    [Test]
    public async Task Client_kill_by_address_closes_that_connection()
    {
        await using var admin = await TestClients.ConnectAsync(Kind, o => o with { AllowAdminCommands = true });
        await using var victim = await TestClients.ConnectAsync(Kind);
        var info = await victim.ClientInfoAsync();

        Assert.That(await admin.ClientKillAsync(new ClientKillFilter { Address = info.Address, Type = ClientType.Normal, User = "default" }), Is.EqualTo(1));
    }

    [Test]
    public void Client_kill_and_pause_need_admin_commands_and_a_filter()
    {
        Assert.ThrowsAsync<InvalidOperationException>(async () => await Client.ClientKillAsync(new ClientKillFilter { Id = 1 }));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await Client.ClientPauseAsync(TimeSpan.FromMilliseconds(10)));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ClientKillAsync(new ClientKillFilter()));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.ClientPauseAsync(TimeSpan.Zero));
    }

    [Test]
    public async Task Client_unpause_succeeds_without_a_pause()
    {
        await Client.ClientUnpauseAsync();
        Assert.That(await Client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }
}
