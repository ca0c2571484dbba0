using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Hashes;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HashTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Hset_reports_new_fields_and_hget_reads_them()
    {
        var key = TestClients.Key("h");
        Assert.That(await Client.HSetAsync(key, "a", "1"), Is.True);
        Assert.That(await Client.HSetAsync(key, "a", "2"), Is.False);
        Assert.That(await Client.HSetAsync(key, [new("a", "3"), new("b", "4"), new("c", "5")]), Is.EqualTo(2));
        Assert.That((string?)await Client.HGetAsync(key, "a"), Is.EqualTo("3"));
        Assert.That((await Client.HGetAsync(key, "missing")).IsNull, Is.True);
        Assert.That((await Client.HGetAsync(TestClients.Key("none"), "a")).IsNull, Is.True);
    }

    [Test]
    public async Task Hsetnx_sets_only_a_new_field()
    {
        var key = TestClients.Key("h");
        Assert.That(await Client.HSetNxAsync(key, "a", "1"), Is.True);
        Assert.That(await Client.HSetNxAsync(key, "a", "2"), Is.False);
        Assert.That((string?)await Client.HGetAsync(key, "a"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Hmget_returns_values_in_order_with_nulls_for_missing_fields()
    {
        var key = TestClients.Key("h");
        await Client.HSetAsync(key, [new("a", "1"), new("b", "2")]);
        Assert.That((await Client.HMGetAsync(key, ["b", "x", "a"])).AsText(), Is.EqualTo(new[] { "2", null, "1" }));
        Assert.That((await Client.HMGetAsync(TestClients.Key("none"), ["a"])).AsText(), Is.EqualTo(new string?[] { null }));
    }

    [Test]
    public async Task Hgetall_hkeys_and_hvals_return_the_same_pairs_under_both_protocols()
    {
        var key = TestClients.Key("h");
        await Client.HSetAsync(key, [new("a", "1"), new("b", "2"), new("c", "")]);
        Assert.That((await Client.HGetAllAsync(key)).AsSortedText(), Is.EqualTo(new[] { ("a", "1"), ("b", "2"), ("c", "") }));
        Assert.That((await Client.HKeysAsync(key)).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That((await Client.HValsAsync(key)).AsSortedText(), Is.EqualTo(new[] { "", "1", "2" }));
        Assert.That(await Client.HGetAllAsync(TestClients.Key("none")), Is.Empty);
        Assert.That(await Client.HKeysAsync(TestClients.Key("none")), Is.Empty);
        Assert.That(await Client.HValsAsync(TestClients.Key("none")), Is.Empty);
    }

    [Test]
    public async Task Hgetall_keeps_binary_field_names()
    {
        var key = TestClients.Key("h");
        var name = new byte[] { 0, 255, 13, 10 };
        await Client.HSetAsync(key, name, "v");
        var entry = (await Client.HGetAllAsync(key)).Single();
        Assert.That((byte[]?)entry.Name, Is.EqualTo(name));
        Assert.That(entry, Is.EqualTo(new HashEntry(name, "v")));
    }

    [Test]
    public async Task Hdel_hexists_hlen_and_hstrlen_track_the_fields()
    {
        var key = TestClients.Key("h");
        await Client.HSetAsync(key, [new("a", "hello"), new("b", "2"), new("c", "3")]);
        Assert.That(await Client.HLenAsync(key), Is.EqualTo(3));
        Assert.That(await Client.HStrLenAsync(key, "a"), Is.EqualTo(5));
        Assert.That(await Client.HStrLenAsync(key, "zz"), Is.EqualTo(0));
        Assert.That(await Client.HExistsAsync(key, "a"), Is.True);
        Assert.That(await Client.HDelAsync(key, "a"), Is.True);
        Assert.That(await Client.HDelAsync(key, "a"), Is.False);
        Assert.That(await Client.HExistsAsync(key, "a"), Is.False);
        Assert.That(await Client.HDelAsync(key, ["b", "c", "zz"]), Is.EqualTo(2));
        Assert.That(await Client.HLenAsync(key), Is.EqualTo(0));
        Assert.That(await Client.ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task Hincrby_and_hincrbyfloat_return_the_new_values()
    {
        var key = TestClients.Key("h");
        Assert.That(await Client.HIncrByAsync(key, "n", 5), Is.EqualTo(5));
        Assert.That(await Client.HIncrByAsync(key, "n", -7), Is.EqualTo(-2));
        Assert.That(await Client.HIncrByFloatAsync(key, "f", 1.5), Is.EqualTo(1.5));
        Assert.That(await Client.HIncrByFloatAsync(key, "f", -0.25), Is.EqualTo(1.25));
        Assert.That((string?)await Client.HGetAsync(key, "f"), Is.EqualTo("1.25"));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        var key = TestClients.Key("h");
        Assert.Throws<ArgumentException>(() => Client.HSetAsync(key, Array.Empty<HashEntry>()));
        Assert.Throws<ArgumentException>(() => Client.HSetAsync(key, [new("a", RedisValue.Null)]));
        Assert.Throws<ArgumentException>(() => Client.HSetAsync(key, RedisValue.Null, "v"));
        Assert.Throws<ArgumentException>(() => Client.HGetAsync(default(RedisKey), "a"));
        Assert.Throws<ArgumentException>(() => Client.HMGetAsync(key, []));
        Assert.Throws<ArgumentException>(() => Client.HDelAsync(key, Array.Empty<RedisValue>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.HIncrByFloatAsync(key, "f", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.HScanAsync(key, pageSize: 0));
    }

    [Test]
    public async Task A_hash_command_on_a_string_is_a_wrongtype_error()
    {
        var key = TestClients.Key("s");
        await Client.SetAsync(key, "text");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.HGetAsync(key, "a"));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("HGET"));
    }
}
