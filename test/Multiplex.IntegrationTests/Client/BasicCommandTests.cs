using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>The core commands, against RESP3, RESP2, a server without HELLO, and garnet.</summary>
[TestFixtureSource(typeof(BasicCommandTests), nameof(Kinds))]
public sealed class BasicCommandTests(ServerKind kind) : ClientFixture(kind)
{
    public static readonly ServerKind[] Kinds = [ServerKind.RedisResp3, ServerKind.RedisResp2, ServerKind.RedisWithoutHello, ServerKind.Garnet];

    [Test]
    public void The_negotiated_protocol_matches_the_server()
    {
        var expected = Kind is ServerKind.RedisResp3 or ServerKind.Garnet ? RedisProtocol.Resp3 : RedisProtocol.Resp2;
        Assert.That(Client.Protocol, Is.EqualTo(expected));
    }

    [Test]
    public async Task Set_then_get_returns_the_value()
    {
        var key = TestClients.Key("k");
        Assert.That(await Client.SetAsync(key, "hello"), Is.True);
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("hello"));
    }

    [Test]
    public async Task Get_of_a_missing_key_is_null()
    {
        var value = await Client.GetAsync(TestClients.Key("missing"));
        Assert.That(value.IsNull, Is.True);
    }

    [Test]
    public async Task Binary_unicode_empty_and_large_values_round_trip()
    {
        var binary = new byte[] { 0, 1, 2, 13, 10, 255, 0 };
        var large = new byte[1024 * 1024];
        Random.Shared.NextBytes(large);
        var cases = new (string Name, RedisValue Value)[] { ("binary", binary), ("unicode", "héllo ✓ 世界"), ("empty", ""), ("large", large) };
        foreach (var (name, value) in cases)
        {
            var key = TestClients.Key(name);
            await Client.SetAsync(key, value);
            var read = await Client.GetAsync(key);
            Assert.That(((byte[]?)read)!, Is.EqualTo((byte[]?)value), name);
        }
    }

    [Test]
    public async Task Set_with_conditions_reports_whether_it_set()
    {
        var key = TestClients.Key("nx");
        Assert.That(await Client.SetAsync(key, "1", when: When.Exists), Is.False);
        Assert.That(await Client.SetAsync(key, "1", when: When.NotExists), Is.True);
        Assert.That(await Client.SetAsync(key, "2", when: When.NotExists), Is.False);
        Assert.That(await Client.SetAsync(key, "3", when: When.Exists), Is.True);
        Assert.That((string?)await Client.GetAsync(key), Is.EqualTo("3"));
    }

    [Test]
    public async Task Set_with_expiry_and_keep_ttl_manage_the_time_to_live()
    {
        var key = TestClients.Key("ttl");
        await Client.SetAsync(key, "v", expiry: TimeSpan.FromSeconds(100));
        Assert.That(await Client.TtlAsync(key), Is.InRange(95, 100));
        await Client.SetAsync(key, "w", keepTtl: true);
        Assert.That(await Client.PTtlAsync(key), Is.InRange(95_000, 100_000));
        await Client.SetAsync(key, "x", expiry: TimeSpan.FromMilliseconds(50_500));
        Assert.That(await Client.PTtlAsync(key), Is.InRange(45_000, 50_500));
        await Client.SetAsync(key, "y");
        Assert.That(await Client.TtlAsync(key), Is.EqualTo(-1));
        Assert.That(await Client.TtlAsync(TestClients.Key("none")), Is.EqualTo(-2));
    }

    [Test]
    public async Task Expire_and_pexpire_set_a_time_to_live()
    {
        var key = TestClients.Key("expire");
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(10)), Is.False, "missing key");
        await Client.SetAsync(key, "v");
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await Client.TtlAsync(key), Is.InRange(5, 10));
        Assert.That(await Client.PExpireAsync(key, 20_000), Is.True);
        Assert.That(await Client.PTtlAsync(key), Is.InRange(15_000, 20_000));
    }

    [Test]
    public async Task Expire_conditions_are_honoured()
    {
        if (Kind == ServerKind.Garnet)
        {
            Assert.Ignore("garnet 2.2.8 does not implement EXPIRE NX/XX/GT/LT.");
        }

        var key = TestClients.Key("expire-when");
        await Client.SetAsync(key, "v");
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(100), ExpireWhen.HasExpiry), Is.False);
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(100), ExpireWhen.HasNoExpiry), Is.True);
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(50), ExpireWhen.GreaterThanCurrent), Is.False);
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(50), ExpireWhen.LessThanCurrent), Is.True);
        Assert.That(await Client.TtlAsync(key), Is.InRange(45, 50));
    }

    [Test]
    public async Task Del_and_exists_count_keys()
    {
        var a = TestClients.Key("a");
        var b = TestClients.Key("b");
        await Client.SetAsync(a, "1");
        await Client.SetAsync(b, "2");
        Assert.That(await Client.ExistsAsync(a), Is.True);
        Assert.That(await Client.ExistsAsync([a, b, TestClients.Key("c")]), Is.EqualTo(2));
        Assert.That(await Client.DelAsync(a), Is.True);
        Assert.That(await Client.DelAsync(a), Is.False);
        Assert.That(await Client.DelAsync([a, b]), Is.EqualTo(1));
        Assert.That(await Client.ExistsAsync(b), Is.False);
    }

    [Test]
    public async Task Incr_and_decr_family_return_new_values()
    {
        var key = TestClients.Key("counter");
        Assert.That(await Client.IncrAsync(key), Is.EqualTo(1));
        Assert.That(await Client.IncrByAsync(key, 41), Is.EqualTo(42));
        Assert.That(await Client.DecrAsync(key), Is.EqualTo(41));
        Assert.That(await Client.DecrByAsync(key, 50), Is.EqualTo(-9));
        Assert.That((long)await Client.GetAsync(key), Is.EqualTo(-9));
    }

    [Test]
    public async Task Ping_and_echo_answer()
    {
        Assert.That(await Client.PingAsync(), Is.GreaterThan(TimeSpan.Zero));
        Assert.That((string?)await Client.EchoAsync("echo ✓"), Is.EqualTo("echo ✓"));
    }

    [Test]
    public async Task Execute_sends_any_command_and_returns_the_reply_tree()
    {
        var key = TestClients.Key("hash");
        var added = await Client.ExecuteAsync("HSET", [key, "f1", "v1", "f2", "v2"]);
        Assert.That((long)added, Is.EqualTo(2));
        var all = await Client.ExecuteAsync("HGETALL", [key]);
        var map = all.ToDictionary();
        Assert.That(map.Keys.Select(k => k.ToString()), Is.EquivalentTo(new[] { "f1", "f2" }));
        Assert.That(map.Values.Select(v => v.ToString()), Is.EquivalentTo(new[] { "v1", "v2" }));
    }

    [Test]
    public async Task A_server_error_is_a_typed_exception_naming_the_command()
    {
        var key = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [key, "x"]);
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.GetAsync(key));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("GET"));
        Assert.That(error.Message, Does.Contain("GET"));
        Assert.That(error.Endpoint, Is.Not.Null);
        Assert.That((string?)await Client.EchoAsync("still fine"), Is.EqualTo("still fine"), "the connection is usable after an error reply");
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => Client.GetAsync(default(RedisKey)));
            Assert.Throws<ArgumentException>(() => Client.SetAsync("k", RedisValue.Null));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.SetAsync("k", "v", expiry: TimeSpan.Zero));
            Assert.Throws<ArgumentException>(() => Client.SetAsync("k", "v", expiry: TimeSpan.FromSeconds(1), keepTtl: true));
            Assert.Throws<ArgumentException>(() => Client.DelAsync(Array.Empty<RedisKey>()));
            Assert.Throws<ArgumentException>(() => Client.ExecuteAsync("BLPOP", ["k", 0]));
            Assert.Throws<ArgumentException>(() => Client.ExecuteAsync("SELECT", [1]));
        });
    }
}
