using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Server;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class AclTests(ServerKind kind)
{
    private RedisClient _client = null!;
    private RedisClient _admin = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _client = await TestClients.ConnectAsync(kind);
        _admin = await TestClients.ConnectAsync(kind, o => o with { AllowAdminCommands = true });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _admin.DisposeAsync();
    }

    [Test]
    public async Task Whoami_users_and_list_show_the_default_user()
    {
        Assert.That(await _client.AclWhoAmIAsync(), Is.EqualTo("default"));
        Assert.That(await _client.AclUsersAsync(), Does.Contain("default"));
        Assert.That(await _client.AclListAsync(), Has.Some.StartsWith("user default "));
    }

    [Test]
    public async Task Cat_lists_categories_and_the_commands_of_one()
    {
        Assert.That(await _client.AclCatAsync(), Does.Contain("string").And.Contain("dangerous"));
        Assert.That(await _client.AclCatAsync("string"), Does.Contain("get").And.Not.Contain("hget"));
    }

    [Test]
    public async Task Setuser_creates_a_user_getuser_reads_its_rules_and_deluser_removes_it()
    {
        var user = $"u{Guid.NewGuid():N}";

        await _admin.AclSetUserAsync(user, ["on", ">secret-pass", "~cache:*", "&news", "-@all", "+get"]);
        var rules = await _client.AclGetUserAsync(user);

        Assert.That(rules, Is.Not.Null);
        Assert.That(rules!.Flags, Does.Contain("on"));
        Assert.That(rules.PasswordHashes, Has.Count.EqualTo(1));
        Assert.That(rules.PasswordHashes[0], Has.Length.EqualTo(64));
        Assert.That(rules.Commands, Does.Contain("+get"));
        Assert.That(rules.Keys, Is.EqualTo("~cache:*"));
        Assert.That(rules.Channels, Is.EqualTo("&news"));
        Assert.That(rules.Fields.Keys, Does.Contain("selectors"));
        Assert.That(await _admin.AclDelUserAsync([user, $"missing{user}"]), Is.EqualTo(1));
        Assert.That(await _client.AclGetUserAsync(user), Is.Null);
    }

    [Test]
    public async Task Setuser_with_an_invalid_rule_fails()
    {
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await _admin.AclSetUserAsync($"u{Guid.NewGuid():N}", ["no-such-rule"]));
        Assert.That(error!.Command, Is.EqualTo("ACL SETUSER"));
    }

    [Test]
    public void Setuser_and_deluser_need_admin_commands()
    {
        Assert.ThrowsAsync<InvalidOperationException>(async () => await _client.AclSetUserAsync("someone", ["on"]));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await _client.AclDelUserAsync(["someone"]));
        Assert.ThrowsAsync<ArgumentException>(async () => await _admin.AclDelUserAsync([]));
        Assert.ThrowsAsync<ArgumentException>(async () => await _client.AclGetUserAsync(string.Empty));
    }
}
