using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Commands.Server;

/// <summary>Commands that would disturb other tests (flushes, SWAPDB, CONFIG SET, CLIENT PAUSE, logs), on a server of their own.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
[NonParallelizable]
public sealed class AdminTests(ServerKind kind)
{
    private IServerFixture _server = null!;
    private RedisClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await StandaloneServers.StartAsync(new RedisServerOptions { EnableDebugCommand = true });
        _admin = await ConnectAsync(o => o with { AllowAdminCommands = true });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _admin.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Flushdb_empties_the_selected_database_only()
    {
        await using var database1 = await ConnectAsync(o => o with { Database = 1 });
        await _admin.SetAsync("a", "1");
        await database1.SetAsync("b", "2");

        await _admin.FlushDbAsync(FlushMode.Sync);

        Assert.That(await _admin.DbSizeAsync(), Is.Zero);
        Assert.That(await database1.DbSizeAsync(), Is.EqualTo(1));
        await _admin.FlushAllAsync(FlushMode.Async);
        Assert.That(await database1.DbSizeAsync(), Is.Zero);
        await _admin.SetAsync("c", "3");
        await _admin.FlushAllAsync();
        Assert.That(await _admin.DbSizeAsync(), Is.Zero);
    }

    [Test]
    public async Task Swapdb_exchanges_the_contents_of_two_databases()
    {
        await using var database1 = await ConnectAsync(o => o with { Database = 1 });
        var key = TestClients.Key("swap");
        await _admin.SetAsync(key, "from-0");

        await _admin.SwapDbAsync(0, 1);

        Assert.That((string?)await database1.GetAsync(key), Is.EqualTo("from-0"));
        Assert.That(await _admin.ExistsAsync(key), Is.False);
        await _admin.SwapDbAsync(1, 0);
        Assert.That((string?)await _admin.GetAsync(key), Is.EqualTo("from-0"));
    }

    [Test]
    public async Task Config_set_changes_several_parameters_and_resetstat_clears_counters()
    {
        await _admin.ConfigSetAsync([new("slowlog-max-len", "77"), new("maxmemory-policy", "allkeys-lru")]);
        await _admin.ConfigSetAsync("hz", "11");

        var config = await _admin.ConfigGetAsync("*");
        Assert.That(config["slowlog-max-len"], Is.EqualTo("77"));
        Assert.That(config["maxmemory-policy"], Is.EqualTo("allkeys-lru"));
        Assert.That(config["hz"], Is.EqualTo("11"));
        Assert.ThrowsAsync<RedisServerException>(async () => await _admin.ConfigSetAsync("no-such-parameter", "1"));

        await _admin.ConfigResetStatAsync();
        var stats = (await _admin.InfoAsync("stats"))["stats"];
        Assert.That(long.Parse(stats["total_commands_processed"], System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(5));
        await _admin.ConfigSetAsync([new("maxmemory-policy", "noeviction")]);
    }

    [Test]
    public async Task Config_rewrite_writes_the_config_file()
    {
        await _admin.ConfigSetAsync("hz", "12");
        await _admin.ConfigRewriteAsync();
        Assert.That((await _admin.ConfigGetAsync("hz"))["hz"], Is.EqualTo("12"));
    }

    [Test]
    public async Task Client_pause_all_holds_every_command_for_the_duration()
    {
        await using var other = await ConnectAsync();
        await other.PingAsync();

        await _admin.ClientPauseAsync(TimeSpan.FromMilliseconds(300), ClientPauseMode.All);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await other.PingAsync();

        Assert.That(started.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(150)));
    }

    [Test]
    public async Task Client_pause_write_holds_writes_until_unpaused()
    {
        await using var other = await ConnectAsync();
        var key = TestClients.Key("paused");

        await _admin.ClientPauseAsync(TimeSpan.FromSeconds(10), ClientPauseMode.Write);
        try
        {
            var write = other.SetAsync(key, "v").AsTask();
            Assert.That((await _admin.GetAsync(key)).IsNull, Is.True);
            await Task.Delay(100);
            Assert.That(write.IsCompleted, Is.False);

            await _admin.ClientUnpauseAsync();
            Assert.That(await write, Is.True);
        }
        finally
        {
            await _admin.ClientUnpauseAsync();
        }
    }

    [Test]
    public async Task Save_bgsave_and_bgrewriteaof_run()
    {
        var before = await _admin.LastSaveAsync();
        await _admin.SaveAsync();
        Assert.That(await _admin.LastSaveAsync(), Is.GreaterThanOrEqualTo(before));

        Assert.That(await _admin.BgSaveAsync(schedule: true), Does.StartWith("Background saving"));
        Assert.That(await _admin.BgRewriteAofAsync(), Does.StartWith("Background append only file rewriting"));
    }

    [Test]
    public async Task Slowlog_records_commands_over_the_threshold_and_reset_clears_it()
    {
        await _admin.ConfigSetAsync("slowlog-log-slower-than", "0");
        try
        {
            await _admin.SlowLogResetAsync();
            await _admin.SetAsync("slow-key", "slow-value");

            var entries = await _admin.SlowLogGetAsync(-1);
            var length = await _admin.SlowLogLenAsync();

            var set = entries.First(e => e.Arguments.Count > 0 && (string?)e.Arguments[0] == "SET");
            Assert.That(set.Arguments.Select(a => (string?)a), Is.EqualTo(new[] { "SET", "slow-key", "slow-value" }));
            Assert.That(set.ClientName, Is.EqualTo("multiplex-tests"));
            Assert.That(set.ClientAddress, Does.Match(TestClients.ClientAddressPattern));
            Assert.That(set.Time, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(set.Duration, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
            Assert.That(length, Is.GreaterThanOrEqualTo(2));
            Assert.That(await _admin.SlowLogGetAsync(1), Has.Length.EqualTo(1));

            await _admin.SlowLogResetAsync();
            Assert.That(await _admin.SlowLogLenAsync(), Is.LessThanOrEqualTo(1));
        }
        finally
        {
            await _admin.ConfigSetAsync("slowlog-log-slower-than", "10000");
        }
    }

    [Test]
    public async Task Latency_monitor_reports_a_slow_command_until_reset()
    {
        await _admin.ConfigSetAsync("latency-monitor-threshold", "1");
        await _admin.ExecuteAsync("DEBUG", ["SLEEP", "0.05"]);

        var latest = await _admin.LatencyLatestAsync();
        var history = await _admin.LatencyHistoryAsync("command");

        var command = latest.Single(e => e.Name == "command");
        Assert.That(command.Latest, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(45)));
        Assert.That(command.Max, Is.GreaterThanOrEqualTo(command.Latest));
        Assert.That(command.Time, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(history, Is.Not.Empty);
        Assert.That(history[^1].Latency, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(45)));
        Assert.That(await _admin.LatencyResetAsync(["command"]), Is.EqualTo(1));
        Assert.That(await _admin.LatencyHistoryAsync("command"), Is.Empty);
        Assert.That(await _admin.LatencyResetAsync(), Is.Zero);
    }

    [Test]
    public async Task Acl_log_records_a_refused_command_until_reset()
    {
        var user = $"u{Guid.NewGuid():N}";
        await _admin.AclSetUserAsync(user, ["on", ">pw-for-log", "~*", "+@all", "-get"]);
        await using (var limited = await ConnectAsync(o => o with { User = user, Password = "pw-for-log" }))
        {
            var error = Assert.ThrowsAsync<RedisServerException>(async () => await limited.GetAsync("anything"));
            Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.NoPermission));
        }

        var entries = await _admin.AclLogAsync(5);

        var entry = entries.First(e => e.Username == user);
        Assert.That(entry.Reason, Is.EqualTo("command"));
        Assert.That(entry.Context, Is.EqualTo("toplevel"));
        Assert.That(entry.Object, Is.EqualTo("get"));
        Assert.That(entry.Count, Is.GreaterThanOrEqualTo(1));
        Assert.That(entry.Age, Is.LessThan(TimeSpan.FromMinutes(1)));
        Assert.That(entry.ClientInfo, Does.Contain($"user={user}"));
        await _admin.AclLogResetAsync();
        Assert.That(await _admin.AclLogAsync(), Is.Empty);
        await _admin.AclDelUserAsync([user]);
    }

    [Test]
    public async Task Role_of_a_replication_group_names_replicas_and_their_primary()
    {
        var group = await SharedServers.ReplicationAsync();
        await using var primary = await RedisClient.ConnectAsync(Options(group.Primary.Port), TestClients.Logs);
        await using var replica = await RedisClient.ConnectAsync(Options(group.Replicas[0].Port), TestClients.Logs);

        var primaryRole = await primary.RoleAsync();
        var replicaRole = await replica.RoleAsync();

        Assert.That(primaryRole.Kind, Is.EqualTo(ServerRoleKind.Primary));
        Assert.That(primaryRole.Replicas.Select(r => r.Port), Is.EquivalentTo(group.Replicas.Select(r => r.Port)));
        Assert.That(primaryRole.Replicas.Select(r => r.Host), Is.All.EqualTo("127.0.0.1"));
        Assert.That(replicaRole.Kind, Is.EqualTo(ServerRoleKind.Replica));
        Assert.That(replicaRole.PrimaryPort, Is.EqualTo(group.Primary.Port));
        Assert.That(replicaRole.PrimaryHost, Is.EqualTo("127.0.0.1"));
        Assert.That(replicaRole.ReplicationState, Is.Not.Empty);
    }

    [Test]
    public async Task Role_of_a_sentinel_lists_the_primaries_it_monitors()
    {
        var group = await SharedServers.SentinelAsync();
        await using var sentinel = await RedisClient.ConnectAsync(
            Options(group.Sentinels[0].Port) with { ClientName = null, SetClientInfo = false },
            TestClients.Logs);

        var role = await sentinel.RoleAsync();

        Assert.That(role.Kind, Is.EqualTo(ServerRoleKind.Sentinel));
        Assert.That(role.MonitoredPrimaries, Is.EqualTo(new[] { group.MasterName }));
        Assert.That(role.Replicas, Is.Empty);
    }

    [Test]
    public async Task Shutdown_stops_the_server()
    {
        await using var server = await StandaloneServers.StartAsync();
        await using var client = await RedisClient.ConnectAsync(
            Options(server.Port) with { AllowAdminCommands = true, WhileDisconnected = DisconnectedBehavior.FailFast },
            TestClients.Logs);

        await client.ShutdownAsync(save: false, now: true);

        Assert.ThrowsAsync<RedisConnectionException>(async () => await client.PingAsync());
    }

    [Test]
    public async Task Failover_abort_without_a_failover_in_progress_is_refused_by_the_server()
    {
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await _admin.FailoverAsync(abort: true));

        Assert.That(error!.ServerMessage, Does.Contain("No failover in progress"));
        Assert.That(error.Command, Is.EqualTo("FAILOVER"));
        Assert.ThrowsAsync<ArgumentException>(async () => await _admin.FailoverAsync(timeout: TimeSpan.FromSeconds(1), abort: true));
        Assert.ThrowsAsync<ArgumentException>(async () => await _admin.FailoverAsync(force: true));
    }

    [Test]
    public async Task Failover_without_replicas_is_refused_by_the_server()
    {
        var error = Assert.ThrowsAsync<RedisServerException>(async () =>
            await _admin.FailoverAsync(RedisEndpoint.Tcp("127.0.0.1", 1), TimeSpan.FromSeconds(1)));
        Assert.That(error!.Command, Is.EqualTo("FAILOVER"));
    }

    [Test]
    public async Task Every_admin_command_is_refused_without_the_option()
    {
        await using var client = await ConnectAsync();
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("FLUSHDB", () => client.FlushDbAsync().AsTask()),
            ("FLUSHALL", () => client.FlushAllAsync().AsTask()),
            ("CONFIG SET", () => client.ConfigSetAsync("hz", "10").AsTask()),
            ("CONFIG RESETSTAT", () => client.ConfigResetStatAsync().AsTask()),
            ("CONFIG REWRITE", () => client.ConfigRewriteAsync().AsTask()),
            ("CLIENT KILL", () => client.ClientKillAsync(new ClientKillFilter { Id = 1 }).AsTask()),
            ("CLIENT PAUSE", () => client.ClientPauseAsync(TimeSpan.FromSeconds(1)).AsTask()),
            ("SWAPDB", () => client.SwapDbAsync(0, 1).AsTask()),
            ("SAVE", () => client.SaveAsync().AsTask()),
            ("BGSAVE", () => client.BgSaveAsync().AsTask()),
            ("BGREWRITEAOF", () => client.BgRewriteAofAsync().AsTask()),
            ("SHUTDOWN", () => client.ShutdownAsync().AsTask()),
            ("FAILOVER", () => client.FailoverAsync().AsTask()),
            ("ACL SETUSER", () => client.AclSetUserAsync("x").AsTask()),
            ("ACL DELUSER", () => client.AclDelUserAsync(["x"]).AsTask()),
            ("SCRIPT FLUSH", () => client.ScriptFlushAsync().AsTask()),
            ("FUNCTION FLUSH", () => client.FunctionFlushAsync().AsTask()),
            ("FUNCTION RESTORE", () => client.FunctionRestoreAsync([0]).AsTask()),
        };

        foreach (var (name, call) in calls)
        {
            var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await call(), name);
            Assert.That(error!.Message, Does.StartWith(name).And.Contain("AllowAdminCommands").And.Contain("allowAdmin=true"), name);
        }

        Assert.That(await client.DbSizeAsync(), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void The_allow_admin_connection_string_key_round_trips()
    {
        var options = RedisClientOptions.Parse("redis://localhost:6379?allowAdmin=true");

        Assert.That(options.AllowAdminCommands, Is.True);
        Assert.That(options.ToString(), Does.Contain("allowAdmin=true"));
        Assert.That(RedisClientOptions.Parse(options.ToString()), Is.EqualTo(options));
        Assert.That(options, Is.Not.EqualTo(options with { AllowAdminCommands = false }));
        Assert.That(RedisClientOptions.Parse("localhost").AllowAdminCommands, Is.False);
    }

    private RedisClientOptions Options(int port) =>
        TestClients.OptionsFor(port) with { Protocol = kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3 };

    private Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = Options(_server.Port);
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs);
    }
}
