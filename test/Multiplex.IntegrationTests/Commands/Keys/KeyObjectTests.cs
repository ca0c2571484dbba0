using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>DUMP, RESTORE and OBJECT.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyObjectTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Dump_and_restore_round_trip_a_value()
    {
        var (source, copy) = (TestClients.Key("src"), TestClients.Key("copy"));
        Assert.That(await Client.DumpAsync(source), Is.Null);
        await Client.ExecuteAsync("RPUSH", [source, "a", "b"]);
        var dump = await Client.DumpAsync(source);
        Assert.That(dump, Is.Not.Null.And.Not.Empty);

        await Client.RestoreAsync(copy, dump!);
        Assert.That(await Client.TypeAsync(copy), Is.EqualTo(RedisType.List));
        Assert.That(await Client.DumpAsync(copy), Is.EqualTo(dump));
        Assert.That(await Client.TtlAsync(copy), Is.EqualTo(-1));

        var busy = Assert.ThrowsAsync<RedisServerException>(async () => await Client.RestoreAsync(copy, dump!));
        Assert.That(busy!.ServerMessage, Does.StartWith("BUSYKEY"));
        Assert.That(busy.Command, Is.EqualTo("RESTORE"));
    }

    [Test]
    public async Task Restore_applies_the_ttl_replace_and_eviction_hints()
    {
        var (source, copy) = (TestClients.Key("src"), TestClients.Key("copy"));
        await Client.SetAsync(source, "v");
        var dump = (await Client.DumpAsync(source))!;

        await Client.RestoreAsync(copy, dump, TimeSpan.FromSeconds(40));
        Assert.That(await Client.TtlAsync(copy), Is.InRange(35, 40));

        var at = DateTimeOffset.UtcNow.AddMinutes(10);
        await Client.RestoreAsync(copy, dump, at, new RestoreOptions { Replace = true });
        Assert.That(await Client.PExpireTimeAsync(copy), Is.EqualTo(at.ToUnixTimeMilliseconds()));

        // The default maxmemory policy is LRU-based, so IDLETIME shows up in OBJECT IDLETIME.
        await Client.RestoreAsync(copy, dump, options: new RestoreOptions { Replace = true, IdleTime = TimeSpan.FromSeconds(1000) });
        Assert.That(await Client.ObjectIdleTimeAsync(copy), Is.InRange(1000, 1010));
        Assert.That(await Client.TtlAsync(copy), Is.EqualTo(-1));

        // FREQ is accepted whatever the policy; it is only read back under an LFU policy.
        await Client.RestoreAsync(copy, dump, options: new RestoreOptions { Replace = true, Frequency = 100 });
        Assert.That((string?)await Client.GetAsync(copy), Is.EqualTo("v"));
    }

    [Test]
    public async Task Object_subcommands_describe_the_value()
    {
        var (number, text, missing) = (TestClients.Key("n"), TestClients.Key("t"), TestClients.Key("missing"));
        await Client.SetAsync(number, "12345");
        await Client.SetAsync(text, new string('x', 100));
        Assert.That(await Client.ObjectEncodingAsync(number), Is.EqualTo("int"));
        Assert.That(await Client.ObjectEncodingAsync(text), Is.EqualTo("raw"));
        Assert.That(await Client.ObjectEncodingAsync(missing), Is.Null);
        Assert.That(await Client.ObjectRefCountAsync(text), Is.EqualTo(1));
        Assert.That(await Client.ObjectRefCountAsync(missing), Is.Null);
        Assert.That(await Client.ObjectIdleTimeAsync(text), Is.InRange(0, 5));
        Assert.That(await Client.ObjectIdleTimeAsync(missing), Is.Null);
        Assert.That(await Client.ObjectFreqAsync(missing), Is.Null);
    }

    [Test]
    public async Task Object_freq_without_an_lfu_policy_is_a_server_error()
    {
        var key = TestClients.Key("freq");
        await Client.SetAsync(key, "v");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.ObjectFreqAsync(key));
        Assert.That(error!.Command, Is.EqualTo("OBJECT FREQ"));
        Assert.That(error.ServerMessage, Does.Contain("LFU"));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        byte[] dump = [1, 2, 3];
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => Client.DumpAsync(default));
            Assert.Throws<ArgumentNullException>(() => Client.RestoreAsync(key, null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.RestoreAsync(key, dump, TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.RestoreAsync(key, dump, DateTimeOffset.UnixEpoch));
            Assert.Throws<ArgumentException>(() => Client.RestoreAsync(key, dump, options: new RestoreOptions { IdleTime = TimeSpan.FromSeconds(1), Frequency = 1 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.RestoreAsync(key, dump, options: new RestoreOptions { Frequency = 256 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.RestoreAsync(key, dump, options: new RestoreOptions { IdleTime = TimeSpan.FromSeconds(-1) }));
            Assert.Throws<ArgumentException>(() => Client.ObjectEncodingAsync(default));
        });
    }
}
