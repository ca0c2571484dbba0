using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Keys;

/// <summary>EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with conditions, EXPIRETIME, PEXPIRETIME, PERSIST, TTL and PTTL.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class KeyExpiryTests(ServerKind kind)
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task ExpireAt_sets_an_absolute_expiry_in_seconds_or_milliseconds()
    {
        var key = TestClients.Key("at");
        var seconds = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 200);
        Assert.That(await _client.ExpireAtAsync(key, seconds), Is.False, "the key does not exist");
        await _client.SetAsync(key, "v");
        Assert.That(await _client.ExpireAtAsync(key, seconds), Is.True);
        Assert.That(await _client.ExpireTimeAsync(key), Is.EqualTo(seconds.ToUnixTimeSeconds()));
        Assert.That(await _client.PExpireTimeAsync(key), Is.EqualTo(seconds.ToUnixTimeMilliseconds()));

        var milliseconds = seconds.AddMilliseconds(-1_500);
        Assert.That(await _client.ExpireAtAsync(key, milliseconds), Is.True);
        Assert.That(await _client.PExpireTimeAsync(key), Is.EqualTo(milliseconds.ToUnixTimeMilliseconds()));

        var raw = milliseconds.ToUnixTimeMilliseconds() + 7;
        Assert.That(await _client.PExpireAtAsync(key, raw), Is.True);
        Assert.That(await _client.PExpireTimeAsync(key), Is.EqualTo(raw));
    }

    [Test]
    public async Task Expire_conditions_compare_with_the_current_expiry()
    {
        var key = TestClients.Key("when");
        await _client.SetAsync(key, "v");
        var now = DateTimeOffset.UtcNow;
        Assert.That(await _client.ExpireAtAsync(key, now.AddSeconds(100), ExpireWhen.HasExpiry), Is.False);
        Assert.That(await _client.ExpireAtAsync(key, now.AddSeconds(100), ExpireWhen.HasNoExpiry), Is.True);
        Assert.That(await _client.ExpireAtAsync(key, now.AddSeconds(200), ExpireWhen.HasNoExpiry), Is.False);
        Assert.That(await _client.ExpireAtAsync(key, now.AddSeconds(50), ExpireWhen.GreaterThanCurrent), Is.False);
        Assert.That(await _client.ExpireAtAsync(key, now.AddSeconds(150), ExpireWhen.GreaterThanCurrent), Is.True);
        Assert.That(await _client.PExpireAtAsync(key, now.AddSeconds(300).ToUnixTimeMilliseconds(), ExpireWhen.LessThanCurrent), Is.False);
        Assert.That(await _client.PExpireAtAsync(key, now.AddSeconds(120).ToUnixTimeMilliseconds(), ExpireWhen.LessThanCurrent), Is.True);
        Assert.That(await _client.PExpireTimeAsync(key), Is.EqualTo(now.AddSeconds(120).ToUnixTimeMilliseconds()));
        Assert.That(await _client.ExpireAsync(key, TimeSpan.FromSeconds(10), ExpireWhen.HasExpiry), Is.True);
        Assert.That(await _client.TtlAsync(key), Is.InRange(5, 10));
        Assert.That(await _client.PExpireAsync(key, 60_000, ExpireWhen.GreaterThanCurrent), Is.True);
        Assert.That(await _client.PTtlAsync(key), Is.InRange(55_000, 60_000));
    }

    [Test]
    public async Task Expire_time_and_persist_report_missing_and_persistent_keys()
    {
        var key = TestClients.Key("persist");
        Assert.That(await _client.ExpireTimeAsync(key), Is.EqualTo(-2));
        Assert.That(await _client.PExpireTimeAsync(key), Is.EqualTo(-2));
        Assert.That(await _client.PersistAsync(key), Is.False);
        await _client.SetAsync(key, "v");
        Assert.That(await _client.ExpireTimeAsync(key), Is.EqualTo(-1));
        Assert.That(await _client.PersistAsync(key), Is.False, "no expiry to remove");
        await _client.ExpireAsync(key, TimeSpan.FromSeconds(30));
        Assert.That(await _client.PersistAsync(key), Is.True);
        Assert.That(await _client.TtlAsync(key), Is.EqualTo(-1));
    }

    [Test]
    public async Task An_expiry_in_the_past_deletes_the_key()
    {
        var key = TestClients.Key("past");
        await _client.SetAsync(key, "v");
        Assert.That(await _client.ExpireAtAsync(key, DateTimeOffset.UtcNow.AddHours(-1)), Is.True);
        Assert.That(await _client.ExistsAsync(key), Is.False);
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        var key = TestClients.Key("bad");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.ExpireAtAsync(key, DateTimeOffset.UnixEpoch));
            Assert.Throws<ArgumentOutOfRangeException>(() => _client.PExpireAtAsync(key, 0));
            Assert.Throws<ArgumentException>(() => _client.ExpireAtAsync(default, DateTimeOffset.UtcNow.AddDays(1)));
            Assert.Throws<ArgumentException>(() => _client.ExpireTimeAsync(default));
            Assert.Throws<ArgumentException>(() => _client.PersistAsync(default));
        });
    }
}
