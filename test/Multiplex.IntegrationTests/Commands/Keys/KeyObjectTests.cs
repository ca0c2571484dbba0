using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>DUMP, RESTORE and OBJECT.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyObjectTests(ServerKind kind)
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task Dump_and_restore_round_trip_a_value()
    {
        var (source, copy) = (TestClients.Key("src"), TestClients.Key("copy"));
        Assert.That(await _client.DumpAsync(source), Is.Null);
        await _client.ExecuteAsync("RPUSH", [source, "a", "b"]);
        var dump = await _client.DumpAsync(source);
        Assert.That(dump, Is.Not.Null.And.Not.Empty);

        await _client.RestoreAsync(copy, dump!);
        Assert.That(await _client.TypeAsync(copy), Is.EqualTo(RedisType.List));
        Assert.That(await _client.DumpAsync(copy), Is.EqualTo(dump));
        Assert.That(await _client.TtlAsync(copy), Is.EqualTo(-1));

        var busy = Assert.ThrowsAsync<RedisServerException>(async () => await _client.RestoreAsync(copy, dump!));
        Assert.That(busy!.ServerMessage, Does.StartWith("BUSYKEY"));
        Assert.That(busy.Command, Is.EqualTo("RESTORE"));
    }

    [Test]
    public async Task Restore_applies_the_ttl_replace_and_eviction_hints()
    {
        var (source, copy) = (TestClients.Key("src"), TestClients.Key("copy"));
        await _client.SetAsync(source, "v");
        var dump = (await _client.DumpAsync(source))!;

        await _client.RestoreAsync(copy, dump, TimeSpan.FromSeconds(40));
        Assert.That(await _client.TtlAsync(copy), Is.InRange(35, 40));

        var at = DateTimeOffset.UtcNow.AddMinutes(10);
        await _client.RestoreAsync(copy, dump, at, new RestoreOptions { Replace = true });
        Assert.That(await _client.PExpireTimeAsync(copy), Is.EqualTo(at.ToUnixTimeMilliseconds()));

        // The default maxmemory policy is LRU-based, so IDLETIME shows up in OBJECT IDLETIME.
        await _client.RestoreAsync(copy, dump, options: new RestoreOptions { Replace = true, IdleTime = TimeSpan.FromSeconds(1000) });
        Assert.That(await _client.ObjectIdleTimeAsync(copy), Is.InRange(1000, 1010));
        Assert.That(await _client.TtlAsync(copy), Is.EqualTo(-1));

        // FREQ is accepted whatever the policy; it is only read back under an LFU policy.
        await _client.RestoreAsync(copy, dump, options: new RestoreOptions { Replace = true, Frequency = 100 });
        Assert.That((string?)await _client.GetAsync(copy), Is.EqualTo("v"));
    }

    [Test]
    public async Task Object_subcommands_describe_the_value()
    {
        var (number, text, missing) = (TestClients.Key("n"), TestClients.Key("t"), TestClients.Key("missing"));
        await _client.SetAsync(number, "12345");
        await _client.SetAsync(text, new string('x', 100));
        Assert.That(await _client.ObjectEncodingAsync(number), Is.EqualTo("int"));
        Assert.That(await _client.ObjectEncodingAsync(text), Is.EqualTo("raw"));
        Assert.That(await _client.ObjectEncodingAsync(missing), Is.Null);
        Assert.That(await _client.ObjectRefCountAsync(text), Is.EqualTo(1));
        Assert.That(await _client.ObjectRefCountAsync(missing), Is.Null);
        Assert.That(await _client.ObjectIdleTimeAsync(text), Is.InRange(0, 5));
        Assert.That(await _client.ObjectIdleTimeAsync(missing), Is.Null);
        Assert.That(await _client.ObjectFreqAsync(missing), Is.Null);
    }

    [Test]
    public async Task Object_freq_without_an_lfu_policy_is_a_server_error()
    {
        var key = TestClients.Key("freq");
        await _client.SetAsync(key, "v");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await _client.ObjectFreqAsync(key));
        Assert.That(error!.Command, Is.EqualTo("OBJECT"));
        Assert.That(error.ServerMessage, Does.Contain("LFU"));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        byte[] dump = [1, 2, 3];
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => _client.DumpAsync(default));
            Assert.Throws<ArgumentNullException>(() => _client.RestoreAsync(key, null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.RestoreAsync(key, dump, TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.RestoreAsync(key, dump, DateTimeOffset.UnixEpoch));
            Assert.Throws<ArgumentException>(() => _client.RestoreAsync(key, dump, options: new RestoreOptions { IdleTime = TimeSpan.FromSeconds(1), Frequency = 1 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.RestoreAsync(key, dump, options: new RestoreOptions { Frequency = 256 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.RestoreAsync(key, dump, options: new RestoreOptions { IdleTime = TimeSpan.FromSeconds(-1) }));
            Assert.Throws<ArgumentException>(() => _client.ObjectEncodingAsync(default));
        });
    }
}
