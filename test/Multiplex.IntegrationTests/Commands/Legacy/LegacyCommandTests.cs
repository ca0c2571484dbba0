using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Legacy;

/// <summary>The compatibility commands, each checked against its modern equivalent, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class LegacyCommandTests(ServerKind kind)
{
    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Test]
    public async Task Hmset_sets_every_field()
    {
        var key = TestClients.Key("hmset");
        await _client.HMSetAsync(key, [new HashEntry("a", "1"), new HashEntry("b", "2")]);
        var all = await _client.HGetAllAsync(key);
        Assert.That(all.Select(entry => $"{entry.Name}={entry.Value}"), Is.EquivalentTo(new[] { "a=1", "b=2" }));
        Assert.Throws<ArgumentException>(() => _client.HMSetAsync(key, []));
    }

    [Test]
    public async Task Substr_matches_getrange()
    {
        var key = TestClients.Key("substr");
        await _client.SetAsync(key, "Hello, world");
        Assert.That((string?)await _client.SubStrAsync(key, 7, -1), Is.EqualTo("world"));
        Assert.That((string?)await _client.SubStrAsync(key, 0, 4), Is.EqualTo((string?)await _client.GetRangeAsync(key, 0, 4)));
    }

    [Test]
    public async Task Zrevrange_lists_highest_scores_first_with_and_without_scores()
    {
        var key = TestClients.Key("zrev");
        await _client.ExecuteAsync("ZADD", [key, 1, "one", 2, "two", 3, "three"]);
        Assert.That((await _client.ZRevRangeAsync(key, 0, 1)).Select(v => v.ToString()), Is.EqualTo(new[] { "three", "two" }));
        var withScores = await _client.ZRevRangeWithScoresAsync(key, 0, -1);
        Assert.That(withScores.Select(entry => entry.Score), Is.EqualTo(new[] { 3.0, 2.0, 1.0 }));
        Assert.That(withScores.Select(entry => entry.Member.ToString()), Is.EqualTo(new[] { "three", "two", "one" }));
    }

    [Test]
    public async Task Xsetid_moves_the_last_id_forward()
    {
        var key = TestClients.Key("xsetid");
        await _client.ExecuteAsync("XADD", [key, "1-1", "f", "v"]);
        await _client.XSetIdAsync(key, "5-0");
        var info = await _client.ExecuteAsync("XINFO", ["STREAM", key]);
        var fields = info.ToDictionary();
        Assert.That(fields.Single(pair => pair.Key.ToString() == "last-generated-id").Value.ToString(), Is.EqualTo("5-0"));
        Assert.ThrowsAsync<RedisServerException>(async () => await _client.XSetIdAsync(key, "0-1"));
    }

    [Test]
    public async Task Georadius_and_georadiusbymember_find_members_nearest_first()
    {
        var key = TestClients.Key("geo");
        await _client.ExecuteAsync("GEOADD", [key, 13.361389, 38.115556, "Palermo", 15.087269, 37.502669, "Catania"]);
        foreach (var readOnly in new[] { false, true })
        {
            var near = await _client.GeoRadiusAsync(key, 15, 37, 200, GeoUnit.Kilometers, readOnly);
            Assert.That(near.Select(v => v.ToString()), Is.EqualTo(new[] { "Catania", "Palermo" }), $"readOnly={readOnly}");
            var around = await _client.GeoRadiusByMemberAsync(key, "Palermo", 100, GeoUnit.Kilometers, readOnly);
            Assert.That(around.Select(v => v.ToString()), Is.EqualTo(new[] { "Palermo" }), $"readOnly={readOnly}");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => _client.GeoRadiusAsync(key, 15, 37, 0));
    }
}
