using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Hashes;

/// <summary>
/// Hash-field expiry (Redis 7.4+). The shared redis-server is 7.0, which lacks these commands, so they
/// run against garnet, which implements them.
/// </summary>
public sealed class HashFieldExpiryTests
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(ServerKind.Garnet);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task Hexpire_sets_a_ttl_that_httl_and_hpttl_report()
    {
        var key = await HashAsync();
        Assert.That(await _client.HExpireAsync(key, TimeSpan.FromSeconds(100), ["a", "zz"]),
            Is.EqualTo(new[] { HashFieldExpireResult.Set, HashFieldExpireResult.NoSuchField }));
        var seconds = await _client.HTtlAsync(key, ["a", "b", "zz"]);
        Assert.That(seconds[0], Is.InRange(95, 100));
        Assert.That(seconds[1..], Is.EqualTo(new long[] { -1, -2 }));
        var milliseconds = await _client.HPTtlAsync(key, ["a"]);
        Assert.That(milliseconds[0], Is.InRange(95_000, 100_000));
    }

    [Test]
    public async Task Hpexpire_and_a_sub_second_timespan_set_millisecond_ttls()
    {
        var key = await HashAsync();
        Assert.That(await _client.HPExpireAsync(key, 50_000, ["a"]), Is.EqualTo(new[] { HashFieldExpireResult.Set }));
        Assert.That((await _client.HPTtlAsync(key, ["a"]))[0], Is.InRange(45_000, 50_000));
        Assert.That(await _client.HExpireAsync(key, TimeSpan.FromMilliseconds(60_500), ["b"]), Is.EqualTo(new[] { HashFieldExpireResult.Set }));
        Assert.That((await _client.HPTtlAsync(key, ["b"]))[0], Is.InRange(55_000, 60_500));
    }

    [Test]
    public async Task Conditions_decide_whether_the_ttl_changes()
    {
        var key = await HashAsync();
        await _client.HExpireAsync(key, TimeSpan.FromSeconds(100), ["a"]);
        Assert.That(await _client.HExpireAsync(key, TimeSpan.FromSeconds(200), ["a", "b"], ExpireWhen.HasNoExpiry),
            Is.EqualTo(new[] { HashFieldExpireResult.ConditionNotMet, HashFieldExpireResult.Set }));
        Assert.That(await _client.HExpireAsync(key, TimeSpan.FromSeconds(50), ["a"], ExpireWhen.GreaterThanCurrent),
            Is.EqualTo(new[] { HashFieldExpireResult.ConditionNotMet }));
        Assert.That(await _client.HExpireAsync(key, TimeSpan.FromSeconds(50), ["a"], ExpireWhen.LessThanCurrent),
            Is.EqualTo(new[] { HashFieldExpireResult.Set }));
        Assert.That((await _client.HTtlAsync(key, ["a"]))[0], Is.InRange(45, 50));
    }

    [Test]
    public async Task Hexpireat_sets_an_absolute_time_that_hexpiretime_reports()
    {
        var key = await HashAsync();
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        Assert.That(await _client.HExpireAtAsync(key, at, ["a"]), Is.EqualTo(new[] { HashFieldExpireResult.Set }));
        Assert.That(await _client.HExpireTimeAsync(key, ["a", "b", "zz"]), Is.EqualTo(new[] { at.ToUnixTimeSeconds(), -1, -2 }));
        var atMilliseconds = at.ToUnixTimeMilliseconds() + 250;
        Assert.That(await _client.HPExpireAtAsync(key, atMilliseconds, ["b"]), Is.EqualTo(new[] { HashFieldExpireResult.Set }));
        Assert.That(await _client.HPExpireTimeAsync(key, ["b"]), Is.EqualTo(new[] { atMilliseconds }));
    }

    [Test]
    public async Task An_expiry_in_the_past_deletes_the_field()
    {
        var key = await HashAsync();
        Assert.That(await _client.HExpireAtAsync(key, DateTimeOffset.UtcNow.AddHours(-1), ["a"]), Is.EqualTo(new[] { HashFieldExpireResult.Deleted }));
        Assert.That(await _client.HExistsAsync(key, "a"), Is.False);
    }

    [Test]
    public async Task Hpersist_removes_the_ttl()
    {
        var key = await HashAsync();
        await _client.HExpireAsync(key, TimeSpan.FromSeconds(100), ["a"]);
        Assert.That(await _client.HPersistAsync(key, ["a", "b", "zz"]),
            Is.EqualTo(new[] { HashFieldPersistResult.Persisted, HashFieldPersistResult.NoExpiry, HashFieldPersistResult.NoSuchField }));
        Assert.That(await _client.HTtlAsync(key, ["a"]), Is.EqualTo(new long[] { -1 }));
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        var key = TestClients.Key("h");
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.HExpireAsync(key, TimeSpan.FromSeconds(-1), ["a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.HPExpireAsync(key, -1, ["a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.HPExpireAtAsync(key, -1, ["a"]));
        Assert.Throws<ArgumentException>(() => _client.HExpireAsync(key, TimeSpan.FromSeconds(1), []));
        Assert.Throws<ArgumentException>(() => _client.HTtlAsync(key, []));
        Assert.Throws<ArgumentException>(() => _client.HPersistAsync(key, [RedisValue.Null]));
    }

    private async Task<string> HashAsync()
    {
        var key = TestClients.Key("h");
        await _client.HSetAsync(key, [new("a", "1"), new("b", "2")]);
        return key;
    }
}
