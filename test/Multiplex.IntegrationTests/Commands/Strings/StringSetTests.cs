using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Strings;

/// <summary>SET's options and the commands that get, set or swap whole values.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class StringSetTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Set_with_an_absolute_expiry_uses_exat_or_pxat()
    {
        var key = TestClients.Key("at");
        var wholeSeconds = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 100);
        Assert.That(await Client.SetAsync(key, "v", wholeSeconds), Is.True);
        Assert.That(await Client.ExpireTimeAsync(key), Is.EqualTo(wholeSeconds.ToUnixTimeSeconds()));

        var withMilliseconds = wholeSeconds.AddMilliseconds(250);
        Assert.That(await Client.SetAsync(key, "w", withMilliseconds, When.Exists), Is.True);
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(withMilliseconds.ToUnixTimeMilliseconds()));
        Assert.That(await Client.SetAsync(key, "x", withMilliseconds, When.NotExists), Is.False);
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("w"));
    }

    [Test]
    public async Task Set_and_get_returns_the_old_value()
    {
        var key = TestClients.Key("sg");
        Assert.That((await Client.SetAndGetAsync(key, "one")).IsNull, Is.True);
        Assert.That((string?)await Client.SetAndGetAsync(key, "two", expiry: TimeSpan.FromSeconds(50)), Is.EqualTo("one"));
        Assert.That(await Client.TtlAsync(key), Is.InRange(45, 50));
        Assert.That((string?)await Client.SetAndGetAsync(key, "three", keepTtl: true), Is.EqualTo("two"));
        Assert.That(await Client.TtlAsync(key), Is.InRange(45, 50));

        // NX keeps the old value but still returns it.
        Assert.That((string?)await Client.SetAndGetAsync(key, "four", when: When.NotExists), Is.EqualTo("three"));
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("three"));

        var at = DateTimeOffset.UtcNow.AddSeconds(30);
        Assert.That((string?)await Client.SetAndGetAsync(key, "five", at), Is.EqualTo("three"));
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(at.ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task GetEx_sets_or_removes_the_expiry_and_returns_the_value()
    {
        var key = TestClients.Key("getex");
        Assert.That((await Client.GetExAsync(key, TimeSpan.FromSeconds(10))).IsNull, Is.True);
        await Client.SetAsync(key, "v");
        Assert.That((string?)await Client.GetExAsync(key, TimeSpan.FromSeconds(40)), Is.EqualTo("v"));
        Assert.That(await Client.TtlAsync(key), Is.InRange(35, 40));
        Assert.That((string?)await Client.GetExAsync(key, TimeSpan.FromMilliseconds(20_500)), Is.EqualTo("v"));
        Assert.That(await Client.PTtlAsync(key), Is.InRange(15_000, 20_500));

        var at = DateTimeOffset.UtcNow.AddMinutes(5);
        Assert.That((string?)await Client.GetExAsync(key, at), Is.EqualTo("v"));
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(at.ToUnixTimeMilliseconds()));

        Assert.That((string?)await Client.GetExPersistAsync(key), Is.EqualTo("v"));
        Assert.That(await Client.TtlAsync(key), Is.EqualTo(-1));
    }

    [Test]
    public async Task GetDel_and_GetSet_return_the_old_value()
    {
        var key = TestClients.Key("gd");
        Assert.That((await Client.GetSetAsync(key, "a")).IsNull, Is.True);
        Assert.That((string?)await Client.GetSetAsync(key, "b"), Is.EqualTo("a"));
        Assert.That((string?)await Client.GetDelAsync(key), Is.EqualTo("b"));
        Assert.That(await Client.ExistsAsync(key), Is.False);
        Assert.That((await Client.GetDelAsync(key)).IsNull, Is.True);
    }

    [Test]
    public async Task MSet_and_MGet_store_and_read_several_values()
    {
        var (a, b, missing) = (TestClients.Key("a"), TestClients.Key("b"), TestClients.Key("missing"));
        await Client.MSetAsync([new(a, "1"), new(b, new byte[] { 0, 255 })]);
        var values = await Client.MGetAsync([a, missing, b]);
        Assert.That(values, Has.Length.EqualTo(3));
        Assert.That((string?)values[0], Is.EqualTo("1"));
        Assert.That(values[1].IsNull, Is.True);
        Assert.That((byte[]?)values[2], Is.EqualTo(new byte[] { 0, 255 }));
    }

    [Test]
    public async Task MSetNx_sets_nothing_when_any_key_exists()
    {
        var (a, b, c) = (TestClients.Key("a"), TestClients.Key("b"), TestClients.Key("c"));
        Assert.That(await Client.MSetNxAsync([new(a, "1"), new(b, "2")]), Is.True);
        Assert.That(await Client.MSetNxAsync([new(c, "3"), new(b, "x")]), Is.False);
        Assert.That(await Client.ExistsAsync(c), Is.False);
        Assert.That((string?)await Client.GetAsync(b), Is.EqualTo("2"));
    }

    [Test]
    public async Task SetNx_SetEx_and_PSetEx_store_values()
    {
        var key = TestClients.Key("nx");
        Assert.That(await Client.SetNxAsync(key, "1"), Is.True);
        Assert.That(await Client.SetNxAsync(key, "2"), Is.False);
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("1"));

        await Client.SetExAsync(key, 30, "ex");
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("ex"));
        Assert.That(await Client.TtlAsync(key), Is.InRange(25, 30));

        await Client.PSetExAsync(key, 12_345, "px");
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("px"));
        Assert.That(await Client.PTtlAsync(key), Is.InRange(10_000, 12_345));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.SetAsync(key, "v", DateTimeOffset.UnixEpoch));
            Assert.Throws<ArgumentException>(() => Client.SetAndGetAsync(key, RedisValue.Null));
            Assert.Throws<ArgumentException>(() => Client.SetAndGetAsync(key, "v", TimeSpan.FromSeconds(1), keepTtl: true));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.SetAndGetAsync(key, "v", TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.GetExAsync(key, TimeSpan.FromSeconds(-1)));
            Assert.Throws<ArgumentException>(() => Client.GetDelAsync(default(RedisKey)));
            Assert.Throws<ArgumentException>(() => Client.GetSetAsync(key, RedisValue.Null));
            Assert.Throws<ArgumentException>(() => Client.MGetAsync([]));
            Assert.Throws<ArgumentException>(() => Client.MGetAsync([key, default]));
            Assert.ThrowsAsync<ArgumentException>(async () => await Client.MSetAsync([]));
            Assert.Throws<ArgumentException>(() => Client.MSetNxAsync([new(key, RedisValue.Null)]));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.SetExAsync(key, 0, "v"));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.PSetExAsync(key, -5, "v"));
        });
    }

    [Test]
    public async Task A_string_command_on_a_list_is_a_wrongtype_error()
    {
        var key = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [key, "x"]);
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.GetDelAsync(key));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("GETDEL"));
    }
}
