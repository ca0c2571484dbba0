using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Lists;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ListTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Pushes_return_the_length_and_lrange_shows_the_order()
    {
        var key = TestClients.Key("l");
        Assert.That(await Client.RPushAsync(key, ["c", "d"]), Is.EqualTo(2));
        Assert.That(await Client.LPushAsync(key, ["b", "a"]), Is.EqualTo(4));
        Assert.That((await Client.LRangeAsync(key)).AsText(), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That((await Client.LRangeAsync(key, 1, -2)).AsText(), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(await Client.LRangeAsync(TestClients.Key("none")), Is.Empty);
        Assert.That(await Client.LLenAsync(key), Is.EqualTo(4));
        Assert.That(await Client.LLenAsync(TestClients.Key("none")), Is.EqualTo(0));
    }

    [Test]
    public async Task Pushx_pushes_only_onto_an_existing_list()
    {
        var key = TestClients.Key("l");
        Assert.That(await Client.LPushXAsync(key, ["a"]), Is.EqualTo(0));
        Assert.That(await Client.RPushXAsync(key, ["a"]), Is.EqualTo(0));
        Assert.That(await Client.ExistsAsync(key), Is.False);
        await Client.RPushAsync(key, ["m"]);
        Assert.That(await Client.LPushXAsync(key, ["l"]), Is.EqualTo(2));
        Assert.That(await Client.RPushXAsync(key, ["n"]), Is.EqualTo(3));
        Assert.That((await Client.LRangeAsync(key)).AsText(), Is.EqualTo(new[] { "l", "m", "n" }));
    }

    [Test]
    public async Task Pops_take_from_each_end_with_and_without_a_count()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["a", "b", "c", "d", "e"]);
        Assert.That((string?)await Client.LPopAsync(key), Is.EqualTo("a"));
        Assert.That((string?)await Client.RPopAsync(key), Is.EqualTo("e"));
        Assert.That((await Client.LPopAsync(key, 2)).AsText(), Is.EqualTo(new[] { "b", "c" }));
        Assert.That((await Client.RPopAsync(key, 5)).AsText(), Is.EqualTo(new[] { "d" }));
        Assert.That((await Client.LPopAsync(key)).IsNull, Is.True);
        Assert.That((await Client.RPopAsync(key)).IsNull, Is.True);
        Assert.That(await Client.LPopAsync(key, 3), Is.Empty);
        Assert.That(await Client.RPopAsync(key, 3), Is.Empty);
    }

    [Test]
    public async Task Lindex_and_lset_address_elements_by_index()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["a", "b", "c"]);
        Assert.That((string?)await Client.LIndexAsync(key, -1), Is.EqualTo("c"));
        Assert.That((await Client.LIndexAsync(key, 10)).IsNull, Is.True);
        await Client.LSetAsync(key, 1, "B");
        Assert.That((string?)await Client.LIndexAsync(key, 1), Is.EqualTo("B"));
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.LSetAsync(key, 10, "x"));
        Assert.That(error!.Command, Is.EqualTo("LSET"));
    }

    [Test]
    public async Task Linsert_places_before_or_after_the_pivot()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["a", "c"]);
        Assert.That(await Client.LInsertAsync(key, ListInsertPosition.Before, "c", "b"), Is.EqualTo(3));
        Assert.That(await Client.LInsertAsync(key, ListInsertPosition.After, "c", "d"), Is.EqualTo(4));
        Assert.That(await Client.LInsertAsync(key, ListInsertPosition.After, "zz", "x"), Is.EqualTo(-1));
        Assert.That(await Client.LInsertAsync(TestClients.Key("none"), ListInsertPosition.After, "a", "x"), Is.EqualTo(0));
        Assert.That((await Client.LRangeAsync(key)).AsText(), Is.EqualTo(new[] { "a", "b", "c", "d" }));
    }

    [Test]
    public async Task Lrem_removes_matches_from_the_chosen_end()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["x", "a", "x", "b", "x", "c", "x"]);
        Assert.That(await Client.LRemAsync(key, 1, "x"), Is.EqualTo(1));
        Assert.That(await Client.LRemAsync(key, -1, "x"), Is.EqualTo(1));
        Assert.That((await Client.LRangeAsync(key)).AsText(), Is.EqualTo(new[] { "a", "x", "b", "x", "c" }));
        Assert.That(await Client.LRemAsync(key, 0, "x"), Is.EqualTo(2));
        Assert.That(await Client.LRemAsync(key, 0, "zz"), Is.EqualTo(0));
    }

    [Test]
    public async Task Ltrim_keeps_only_the_range()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["a", "b", "c", "d"]);
        await Client.LTrimAsync(key, 1, 2);
        Assert.That((await Client.LRangeAsync(key)).AsText(), Is.EqualTo(new[] { "b", "c" }));
        await Client.LTrimAsync(key, 5, 10);
        Assert.That(await Client.ExistsAsync(key), Is.False);
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        var key = TestClients.Key("l");
        Assert.Throws<ArgumentException>(() => Client.LPushAsync(key, []));
        Assert.Throws<ArgumentException>(() => Client.RPushAsync(key, [RedisValue.Null]));
        Assert.Throws<ArgumentException>(() => Client.LLenAsync(default));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.LPopAsync(key, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.RPopAsync(key, -1));
        Assert.Throws<ArgumentException>(() => Client.LSetAsync(key, 0, RedisValue.Null));
        Assert.Throws<ArgumentException>(() => Client.LInsertAsync(key, ListInsertPosition.After, RedisValue.Null, "x"));
    }

    [Test]
    public async Task A_list_command_on_a_string_is_a_wrongtype_error()
    {
        var key = TestClients.Key("s");
        await Client.SetAsync(key, "text");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.LPushAsync(key, ["a"]));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("LPUSH"));
    }
}
