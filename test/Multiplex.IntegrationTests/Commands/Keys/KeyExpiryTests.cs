using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with conditions, EXPIRETIME, PEXPIRETIME, PERSIST, TTL and PTTL.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyExpiryTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task ExpireAt_sets_an_absolute_expiry_in_seconds_or_milliseconds()
    {
        var key = TestClients.Key("at");
        var seconds = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 200);
        Assert.That(await Client.ExpireAtAsync(key, seconds), Is.False, "the key does not exist");
        await Client.SetAsync(key, "v");
        Assert.That(await Client.ExpireAtAsync(key, seconds), Is.True);
        Assert.That(await Client.ExpireTimeAsync(key), Is.EqualTo(seconds.ToUnixTimeSeconds()));
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(seconds.ToUnixTimeMilliseconds()));

        var milliseconds = seconds.AddMilliseconds(-1_500);
        Assert.That(await Client.ExpireAtAsync(key, milliseconds), Is.True);
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(milliseconds.ToUnixTimeMilliseconds()));

        var raw = milliseconds.ToUnixTimeMilliseconds() + 7;
        Assert.That(await Client.PExpireAtAsync(key, raw), Is.True);
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(raw));
    }

    [Test]
    public async Task Expire_conditions_compare_with_the_current_expiry()
    {
        var key = TestClients.Key("when");
        await Client.SetAsync(key, "v");
        var now = DateTimeOffset.UtcNow;
        Assert.That(await Client.ExpireAtAsync(key, now.AddSeconds(100), ExpireWhen.HasExpiry), Is.False);
        Assert.That(await Client.ExpireAtAsync(key, now.AddSeconds(100), ExpireWhen.HasNoExpiry), Is.True);
        Assert.That(await Client.ExpireAtAsync(key, now.AddSeconds(200), ExpireWhen.HasNoExpiry), Is.False);
        Assert.That(await Client.ExpireAtAsync(key, now.AddSeconds(50), ExpireWhen.GreaterThanCurrent), Is.False);
        Assert.That(await Client.ExpireAtAsync(key, now.AddSeconds(150), ExpireWhen.GreaterThanCurrent), Is.True);
        Assert.That(await Client.PExpireAtAsync(key, now.AddSeconds(300).ToUnixTimeMilliseconds(), ExpireWhen.LessThanCurrent), Is.False);
        Assert.That(await Client.PExpireAtAsync(key, now.AddSeconds(120).ToUnixTimeMilliseconds(), ExpireWhen.LessThanCurrent), Is.True);
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(now.AddSeconds(120).ToUnixTimeMilliseconds()));
        Assert.That(await Client.ExpireAsync(key, TimeSpan.FromSeconds(10), ExpireWhen.HasExpiry), Is.True);
        Assert.That(await Client.TtlAsync(key), Is.InRange(5, 10));
        Assert.That(await Client.PExpireAsync(key, 60_000, ExpireWhen.GreaterThanCurrent), Is.True);
        Assert.That(await Client.PTtlAsync(key), Is.InRange(55_000, 60_000));
    }

    [Test]
    public async Task Expire_time_and_persist_report_missing_and_persistent_keys()
    {
        var key = TestClients.Key("persist");
        Assert.That(await Client.ExpireTimeAsync(key), Is.EqualTo(-2));
        Assert.That(await Client.PExpireTimeAsync(key), Is.EqualTo(-2));
        Assert.That(await Client.PersistAsync(key), Is.False);
        await Client.SetAsync(key, "v");
        Assert.That(await Client.ExpireTimeAsync(key), Is.EqualTo(-1));
        Assert.That(await Client.PersistAsync(key), Is.False, "no expiry to remove");
        await Client.ExpireAsync(key, TimeSpan.FromSeconds(30));
        Assert.That(await Client.PersistAsync(key), Is.True);
        Assert.That(await Client.TtlAsync(key), Is.EqualTo(-1));
    }

    [Test]
    public async Task An_expiry_in_the_past_deletes_the_key()
    {
        var key = TestClients.Key("past");
        await Client.SetAsync(key, "v");
        Assert.That(await Client.ExpireAtAsync(key, DateTimeOffset.UtcNow.AddHours(-1)), Is.True);
        Assert.That(await Client.ExistsAsync(key), Is.False);
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.ExpireAtAsync(key, DateTimeOffset.UnixEpoch));
            Assert.Throws<ArgumentOutOfRangeException>(() => Client.PExpireAtAsync(key, 0));
            Assert.Throws<ArgumentException>(() => Client.ExpireAtAsync(default, DateTimeOffset.UtcNow.AddDays(1)));
            Assert.Throws<ArgumentException>(() => Client.ExpireTimeAsync(default));
            Assert.Throws<ArgumentException>(() => Client.PersistAsync(default));
        });
    }
}
