using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Legacy;

/// <summary>The compatibility commands, each checked against its modern equivalent, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class LegacyCommandTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Hmset_sets_every_field()
    {
        var key = TestClients.Key("hmset");
        await Client.HMSetAsync(key, [new HashEntry("a", "1"), new HashEntry("b", "2")]);
        var all = await Client.HGetAllAsync(key);
        Assert.That(all.Select(entry => $"{entry.Name}={entry.Value}"), Is.EquivalentTo(new[] { "a=1", "b=2" }));
        Assert.Throws<ArgumentException>(() => Client.HMSetAsync(key, []));
    }

    [Test]
    public async Task Substr_matches_getrange()
    {
        var key = TestClients.Key("substr");
        await Client.SetAsync(key, "Hello, world");
        Assert.That((string?)await Client.SubStrAsync(key, 7, -1), Is.EqualTo("world"));
        Assert.That((string?)await Client.SubStrAsync(key, 0, 4), Is.EqualTo((string?)await Client.GetRangeAsync(key, 0, 4)));
    }

    [Test]
    public async Task Zrevrange_lists_highest_scores_first_with_and_without_scores()
    {
        var key = TestClients.Key("zrev");
        await Client.ExecuteAsync("ZADD", [key, 1, "one", 2, "two", 3, "three"]);
        Assert.That((await Client.ZRevRangeAsync(key, 0, 1)).Select(v => v.ToString()), Is.EqualTo(new[] { "three", "two" }));
        var withScores = await Client.ZRevRangeWithScoresAsync(key, 0, -1);
        Assert.That(withScores.Select(entry => entry.Score), Is.EqualTo(new[] { 3.0, 2.0, 1.0 }));
        Assert.That(withScores.Select(entry => entry.Member.ToString()), Is.EqualTo(new[] { "three", "two", "one" }));
    }

    [Test]
    public async Task Xsetid_moves_the_last_id_forward()
    {
        var key = TestClients.Key("xsetid");
        await Client.ExecuteAsync("XADD", [key, "1-1", "f", "v"]);
        await Client.XSetIdAsync(key, "5-0");
        var info = await Client.ExecuteAsync("XINFO", ["STREAM", key]);
        var fields = info.ToDictionary();
        Assert.That(fields.Single(pair => pair.Key.ToString() == "last-generated-id").Value.ToString(), Is.EqualTo("5-0"));
        Assert.ThrowsAsync<RedisServerException>(async () => await Client.XSetIdAsync(key, "0-1"));
    }

    [Test]
    public async Task Georadius_and_georadiusbymember_find_members_nearest_first()
    {
        var key = TestClients.Key("geo");
        await Client.ExecuteAsync("GEOADD", [key, 13.361389, 38.115556, "Palermo", 15.087269, 37.502669, "Catania"]);
        foreach (var readOnly in new[] { false, true })
        {
            var near = await Client.GeoRadiusAsync(key, 15, 37, 200, GeoUnit.Kilometers, readOnly);
            Assert.That(near.Select(v => v.ToString()), Is.EqualTo(new[] { "Catania", "Palermo" }), $"readOnly={readOnly}");
            var around = await Client.GeoRadiusByMemberAsync(key, "Palermo", 100, GeoUnit.Kilometers, readOnly);
            Assert.That(around.Select(v => v.ToString()), Is.EqualTo(new[] { "Palermo" }), $"readOnly={readOnly}");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Client.GeoRadiusAsync(key, 15, 37, 0));
    }
}
