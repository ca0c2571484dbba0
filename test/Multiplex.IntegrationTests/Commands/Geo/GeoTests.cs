using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Geo;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class GeoTests(ServerKind kind) : ClientFixture(kind)
{
    // Palermo and Catania, the positions the Redis documentation uses; about 166.27 km apart.
    private static readonly GeoEntry Palermo = new(13.361389, 38.115556, "Palermo");
    private static readonly GeoEntry Catania = new(15.087269, 37.502669, "Catania");
    private static readonly GeoEntry Agrigento = new(13.583333, 37.316667, "Agrigento");

    [Test]
    public async Task GeoAdd_reports_additions_with_NX_XX_and_CH()
    {
        var key = TestClients.Key("geo");
        Assert.That(await Client.GeoAddAsync(key, [Palermo, Catania]), Is.EqualTo(2));
        Assert.That(await Client.GeoAddAsync(key, Agrigento, When.Exists), Is.False);
        Assert.That(await Client.GeoAddAsync(key, Palermo with { Longitude = 13.5 }, When.NotExists, changed: true), Is.False);
        Assert.That(await Client.GeoAddAsync(key, Palermo with { Longitude = 13.5 }, When.Exists, changed: true), Is.True);
        Assert.That((await Client.GeoPosAsync(key, "Palermo"))!.Value.Longitude, Is.EqualTo(13.5).Within(1e-4));
    }

    [Test]
    public void A_bad_position_or_member_is_blamed_on_the_parameter_that_holds_it()
    {
        var key = TestClients.Key("bad");
        var single = Assert.Throws<ArgumentOutOfRangeException>(() => _ = Client.GeoAddAsync(key, new GeoEntry(200, 0, "m")));
        Assert.That(single!.ParamName, Is.EqualTo("entry"));
        var nullMember = Assert.Throws<ArgumentException>(() => _ = Client.GeoAddAsync(key, new GeoEntry(13, 38, RedisValue.Null)));
        Assert.That(nullMember!.ParamName, Is.EqualTo("entry"));
        var list = Assert.Throws<ArgumentOutOfRangeException>(() => _ = Client.GeoAddAsync(key, [Palermo, new GeoEntry(0, 90, "pole")]));
        Assert.That(list!.ParamName, Is.EqualTo("entries"));
    }

    [Test]
    public async Task GeoDist_in_each_unit_and_null_for_a_missing_member()
    {
        var key = await SicilyAsync();
        Assert.That(await Client.GeoDistAsync(key, "Palermo", "Catania"), Is.EqualTo(166274.15).Within(1));
        Assert.That(await Client.GeoDistAsync(key, "Palermo", "Catania", GeoUnit.Kilometers), Is.EqualTo(166.274).Within(0.01));
        Assert.That(await Client.GeoDistAsync(key, "Palermo", "Catania", GeoUnit.Miles), Is.EqualTo(103.318).Within(0.01));
        Assert.That(await Client.GeoDistAsync(key, "Palermo", "Catania", GeoUnit.Feet), Is.EqualTo(545518.9).Within(5));
        Assert.That(await Client.GeoDistAsync(key, "Palermo", "Nowhere"), Is.Null);
    }

    [Test]
    public async Task GeoPos_and_GeoHash_return_one_result_per_member()
    {
        var key = await SicilyAsync();
        var positions = await Client.GeoPosAsync(key, ["Palermo", "Nowhere"]);
        Assert.That(positions[0]!.Value.Longitude, Is.EqualTo(Palermo.Longitude).Within(1e-5));
        Assert.That(positions[0]!.Value.Latitude, Is.EqualTo(Palermo.Latitude).Within(1e-5));
        Assert.That(positions[1], Is.Null);
        Assert.That(await Client.GeoHashAsync(key, ["Palermo", "Catania", "Nowhere"]), Is.EqualTo(new[] { "sqc8b49rny0", "sqdtr74hyu0", null }));
    }

    [Test]
    public async Task GeoSearch_by_radius_from_a_position_sorted_with_count()
    {
        var key = await SicilyAsync();
        var center = GeoSearchCenter.FromPosition(15, 37);
        var all = await Client.GeoSearchAsync(key, center, GeoShape.Radius(200, GeoUnit.Kilometers), GeoSortOrder.Ascending);
        Assert.That(all.Select(m => (string?)m), Is.EqualTo(new[] { "Catania", "Agrigento", "Palermo" }));
        var farthest = await Client.GeoSearchAsync(key, center, GeoShape.Radius(200, GeoUnit.Kilometers), GeoSortOrder.Descending, count: 1);
        Assert.That(farthest.Select(m => (string?)m), Is.EqualTo(new[] { "Palermo" }));
        Assert.That(await Client.GeoSearchAsync(key, center, GeoShape.Radius(200, GeoUnit.Kilometers), count: 2, any: true), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task GeoSearch_by_box_from_a_member_with_every_detail()
    {
        var key = await SicilyAsync();
        var results = await Client.GeoSearchWithDetailsAsync(key, GeoSearchCenter.FromMember("Palermo"), GeoShape.Box(400, 400, GeoUnit.Kilometers), order: GeoSortOrder.Ascending);
        Assert.That(results.Select(r => (string?)r.Member), Is.EqualTo(new[] { "Palermo", "Agrigento", "Catania" }));
        Assert.That(results[2].Distance, Is.EqualTo(166.2742).Within(0.01));
        Assert.That(results[0].Hash, Is.EqualTo(3479099956230698));
        Assert.That(results[2].Position!.Value.Latitude, Is.EqualTo(Catania.Latitude).Within(1e-5));
    }

    [Test]
    public async Task GeoSearch_returns_only_the_details_asked_for()
    {
        var key = await SicilyAsync();
        var results = await Client.GeoSearchWithDetailsAsync(key, GeoSearchCenter.FromMember("Catania"), GeoShape.Radius(10), GeoSearchDetails.Distance);
        Assert.That(results, Has.Length.EqualTo(1));
        Assert.That(((string?)results[0].Member, results[0].Distance, results[0].Hash, results[0].Position), Is.EqualTo(("Catania", (double?)0.0, (long?)null, (GeoPosition?)null)));
        var withHash = await Client.GeoSearchWithDetailsAsync(key, GeoSearchCenter.FromMember("Catania"), GeoShape.Radius(10), GeoSearchDetails.Hash | GeoSearchDetails.Position);
        Assert.That(withHash[0].Hash, Is.EqualTo(3479447370796909));
        Assert.That(withHash[0].Position!.Value.Longitude, Is.EqualTo(Catania.Longitude).Within(1e-5));
        var plain = await Client.GeoSearchWithDetailsAsync(key, GeoSearchCenter.FromMember("Catania"), GeoShape.Radius(10), GeoSearchDetails.None);
        Assert.That((string?)plain[0].Member, Is.EqualTo("Catania"));
    }

    [Test]
    public async Task GeoSearchStore_stores_members_or_distances()
    {
        var key = await SicilyAsync();
        var destination = key + ":dest";
        var center = GeoSearchCenter.FromPosition(15, 37);
        Assert.That(await Client.GeoSearchStoreAsync(destination, key, center, GeoShape.Radius(100, GeoUnit.Kilometers)), Is.EqualTo(1));
        Assert.That(await Client.GeoSearchStoreAsync(destination, key, center, GeoShape.Radius(200, GeoUnit.Kilometers), GeoSortOrder.Ascending, count: 2, storeDistances: true), Is.EqualTo(2));
        Assert.That(await Client.ZScoreAsync(destination, "Catania"), Is.EqualTo(56.4413).Within(0.01));
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.GeoAddAsync("k", []));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.GeoAddAsync("k", new GeoEntry(0, 86, "pole")));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.GeoAddAsync("k", new GeoEntry(181, 0, "x")));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.GeoSearchAsync("k", GeoSearchCenter.FromMember("a"), GeoShape.Radius(1), any: true));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.GeoSearchAsync("k", GeoSearchCenter.FromMember("a"), GeoShape.Radius(1), count: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoShape.Box(-1, 1));
        Assert.Throws<ArgumentException>(() => GeoSearchCenter.FromMember(RedisValue.Null));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.GeoHashAsync("k", []));
    }

    [Test]
    public async Task A_geo_command_on_a_string_is_WRONGTYPE()
    {
        var key = TestClients.Key("string");
        await Client.SetAsync(key, "x");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.GeoAddAsync(key, Palermo));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("GEOADD"));
    }

    private async Task<string> SicilyAsync()
    {
        var key = TestClients.Key("sicily");
        await Client.GeoAddAsync(key, [Palermo, Catania, Agrigento]);
        return key;
    }
}
