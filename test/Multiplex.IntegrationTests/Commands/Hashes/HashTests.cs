using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Hashes;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class HashTests(ServerKind kind)
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task Hset_reports_new_fields_and_hget_reads_them()
    {
        var key = TestClients.Key("h");
        Assert.That(await _client.HSetAsync(key, "a", "1"), Is.True);
        Assert.That(await _client.HSetAsync(key, "a", "2"), Is.False);
        Assert.That(await _client.HSetAsync(key, [new("a", "3"), new("b", "4"), new("c", "5")]), Is.EqualTo(2));
        Assert.That((string?)await _client.HGetAsync(key, "a"), Is.EqualTo("3"));
        Assert.That((await _client.HGetAsync(key, "missing")).IsNull, Is.True);
        Assert.That((await _client.HGetAsync(TestClients.Key("none"), "a")).IsNull, Is.True);
    }

    [Test]
    public async Task Hsetnx_sets_only_a_new_field()
    {
        var key = TestClients.Key("h");
        Assert.That(await _client.HSetNxAsync(key, "a", "1"), Is.True);
        Assert.That(await _client.HSetNxAsync(key, "a", "2"), Is.False);
        Assert.That((string?)await _client.HGetAsync(key, "a"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Hmget_returns_values_in_order_with_nulls_for_missing_fields()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, [new("a", "1"), new("b", "2")]);
        Assert.That((await _client.HMGetAsync(key, ["b", "x", "a"])).AsText(), Is.EqualTo(new[] { "2", null, "1" }));
        Assert.That((await _client.HMGetAsync(TestClients.Key("none"), ["a"])).AsText(), Is.EqualTo(new string?[] { null }));
    }

    [Test]
    public async Task Hgetall_hkeys_and_hvals_return_the_same_pairs_under_both_protocols()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, [new("a", "1"), new("b", "2"), new("c", "")]);
        Assert.That((await _client.HGetAllAsync(key)).AsSortedText(), Is.EqualTo(new[] { ("a", "1"), ("b", "2"), ("c", "") }));
        Assert.That((await _client.HKeysAsync(key)).AsSortedText(), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That((await _client.HValsAsync(key)).AsSortedText(), Is.EqualTo(new[] { "", "1", "2" }));
        Assert.That(await _client.HGetAllAsync(TestClients.Key("none")), Is.Empty);
        Assert.That(await _client.HKeysAsync(TestClients.Key("none")), Is.Empty);
        Assert.That(await _client.HValsAsync(TestClients.Key("none")), Is.Empty);
    }

    [Test]
    public async Task Hgetall_keeps_binary_field_names()
    {
        var key = TestClients.Key("h");
        var name = new byte[] { 0, 255, 13, 10 };
        await _client.HSetAsync(key, name, "v");
        var entry = (await _client.HGetAllAsync(key)).Single();
        Assert.That((byte[]?)entry.Name, Is.EqualTo(name));
        Assert.That(entry, Is.EqualTo(new HashEntry(name, "v")));
    }

    [Test]
    public async Task Hdel_hexists_hlen_and_hstrlen_track_the_fields()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, [new("a", "hello"), new("b", "2"), new("c", "3")]);
        Assert.That(await _client.HLenAsync(key), Is.EqualTo(3));
        Assert.That(await _client.HStrLenAsync(key, "a"), Is.EqualTo(5));
        Assert.That(await _client.HStrLenAsync(key, "zz"), Is.EqualTo(0));
        Assert.That(await _client.HExistsAsync(key, "a"), Is.True);
        Assert.That(await _client.HDelAsync(key, "a"), Is.True);
        Assert.That(await _client.HDelAsync(key, "a"), Is.False);
        Assert.That(await _client.HExistsAsync(key, "a"), Is.False);
        Assert.That(await _client.HDelAsync(key, ["b", "c", "zz"]), Is.EqualTo(2));
        Assert.That(await _client.HLenAsync(key), Is.EqualTo(0));
        Assert.That(await _client.ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task Hincrby_and_hincrbyfloat_return_the_new_values()
    {
        var key = TestClients.Key("h");
        Assert.That(await _client.HIncrByAsync(key, "n", 5), Is.EqualTo(5));
        Assert.That(await _client.HIncrByAsync(key, "n", -7), Is.EqualTo(-2));
        Assert.That(await _client.HIncrByFloatAsync(key, "f", 1.5), Is.EqualTo(1.5));
        Assert.That(await _client.HIncrByFloatAsync(key, "f", -0.25), Is.EqualTo(1.25));
        Assert.That((string?)await _client.HGetAsync(key, "f"), Is.EqualTo("1.25"));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        var key = TestClients.Key("h");
        Assert.Throws<ArgumentException>(() => _client.HSetAsync(key, Array.Empty<HashEntry>()));
        Assert.Throws<ArgumentException>(() => _client.HSetAsync(key, [new("a", RedisValue.Null)]));
        Assert.Throws<ArgumentException>(() => _client.HSetAsync(key, RedisValue.Null, "v"));
        Assert.Throws<ArgumentException>(() => _client.HGetAsync(default(RedisKey), "a"));
        Assert.Throws<ArgumentException>(() => _client.HMGetAsync(key, []));
        Assert.Throws<ArgumentException>(() => _client.HDelAsync(key, Array.Empty<RedisValue>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.HIncrByFloatAsync(key, "f", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.HScanAsync(key, pageSize: 0));
    }

    [Test]
    public async Task A_hash_command_on_a_string_is_a_wrongtype_error()
    {
        var key = TestClients.Key("s");
        await _client.SetAsync(key, "text");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await _client.HGetAsync(key, "a"));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("HGET"));
    }
}
