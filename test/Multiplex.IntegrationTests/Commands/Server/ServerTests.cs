using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Server;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ServerTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Info_is_parsed_into_sections_of_fields()
    {
        var info = await Client.InfoAsync();

        Assert.That(info.Sections.Keys, Is.SupersetOf(new[] { "Server", "Clients", "Memory", "Stats" }));
        Assert.That(info["server"]["redis_version"], Does.StartWith("7."));
        Assert.That(info.GetValue("tcp_port"), Is.Not.Null.And.Not.Empty);
        Assert.That(info["no-such-section"], Is.Empty);
        Assert.That(info.Raw, Does.Contain("# Server"));
    }

    [Test]
    public async Task Info_with_a_section_filter_returns_only_that_section()
    {
        var info = await Client.InfoAsync("clients");
        var several = await Client.InfoAsync(["server", "memory"]);

        Assert.That(info.Sections.Keys, Is.EqualTo(new[] { "Clients" }));
        Assert.That(long.Parse(info["clients"]["connected_clients"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
        Assert.That(several.Sections.Keys, Is.EquivalentTo(new[] { "Server", "Memory" }));
    }

    [Test]
    public async Task Config_get_returns_the_matching_parameters()
    {
        var config = await Client.ConfigGetAsync("maxmemory*");

        Assert.That(config.Keys, Does.Contain("maxmemory").And.Contain("maxmemory-policy"));
        Assert.That(config["maxmemory-policy"], Is.EqualTo("noeviction"));
        Assert.That(await Client.ConfigGetAsync("no-such-parameter-*"), Is.Empty);
    }

    [Test]
    public async Task Dbsize_counts_keys()
    {
        await Client.SetAsync(TestClients.Key("k"), "v");
        Assert.That(await Client.DbSizeAsync(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Time_and_lastsave_are_recent_server_times()
    {
        var time = await Client.TimeAsync();
        var lastSave = await Client.LastSaveAsync();

        Assert.That(time, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(time.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(lastSave, Is.LessThanOrEqualTo(time.AddSeconds(1)).And.GreaterThan(time.AddDays(-1)));
    }

    [Test]
    public async Task Role_of_a_standalone_server_is_primary_without_replicas()
    {
        var role = await Client.RoleAsync();

        Assert.That(role.Kind, Is.EqualTo(ServerRoleKind.Primary));
        Assert.That(role.Replicas, Is.Empty);
        Assert.That(role.PrimaryHost, Is.Null);
    }

    [Test]
    public async Task Lolwut_ends_with_the_server_version()
    {
        var text = await Client.LolwutAsync(version: 5);
        Assert.That(text, Does.Contain("Redis ver. 7."));
    }

    [Test]
    public async Task Module_list_is_empty_on_a_server_without_modules() =>
        Assert.That(await Client.ModuleListAsync(), Is.Empty);

    [Test]
    public async Task Memory_usage_reports_bytes_for_a_key_and_null_for_a_missing_one()
    {
        var key = TestClients.Key("k");
        await Client.SetAsync(key, new string('x', 1000));

        Assert.That(await Client.MemoryUsageAsync(key), Is.GreaterThanOrEqualTo(1000));
        Assert.That(await Client.MemoryUsageAsync(key, samples: 0), Is.GreaterThanOrEqualTo(1000));
        Assert.That(await Client.MemoryUsageAsync(TestClients.Key("missing")), Is.Null);
    }

    [Test]
    public async Task Memory_stats_reports_allocation_fields()
    {
        var stats = await Client.MemoryStatsAsync();

        Assert.That(stats.Keys, Does.Contain("peak.allocated").And.Contain("total.allocated"));
        Assert.That((long)stats["total.allocated"], Is.GreaterThan(0));
    }

    [Test]
    public async Task Command_count_info_list_and_docs_describe_the_server_commands()
    {
        var count = await Client.CommandCountAsync();
        var infos = await Client.CommandInfoAsync(["get", "no-such-command", "config"]);
        var all = await Client.CommandListAsync();
        var streams = await Client.CommandListAsync(pattern: "x*");
        var strings = await Client.CommandListAsync(aclCategory: "string");
        var docs = await Client.CommandDocsAsync(["get"]);

        Assert.That(count, Is.GreaterThan(100));
        Assert.That(infos[0]!.Name, Is.EqualTo("get"));
        Assert.That(infos[0]!.Arity, Is.EqualTo(2));
        Assert.That(infos[0]!.Flags, Does.Contain("readonly"));
        Assert.That((infos[0]!.FirstKey, infos[0]!.LastKey, infos[0]!.Step), Is.EqualTo((1, 1, 1)));
        Assert.That(infos[0]!.AclCategories, Does.Contain("@string"));
        Assert.That(infos[1], Is.Null);
        Assert.That(infos[2]!.Subcommands, Does.Contain("config|get"));
        Assert.That(all, Does.Contain("get").And.Contain("config|get"));
        Assert.That(streams, Is.Not.Empty.And.All.StartsWith("x"));
        Assert.That(strings, Does.Contain("get").And.Not.Contain("hget"));
        Assert.That((string?)docs["get"].ToDictionary()["group"], Is.EqualTo("string"));
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ConfigGetAsync(string.Empty));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.CommandInfoAsync([]));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.CommandListAsync("a*", "string"));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.MemoryUsageAsync(default));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.SlowLogGetAsync(-2));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.InfoAsync(" "));
    }

    [Test]
    public async Task An_unknown_function_error_names_the_command()
    {
        var key = TestClients.Key("k");
        await Client.SetAsync(key, "text");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.FCallAsync("no-such-function", [key]));
        Assert.That(error!.Command, Is.EqualTo("FCALL"));
    }
}
