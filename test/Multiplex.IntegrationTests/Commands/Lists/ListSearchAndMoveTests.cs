using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Lists;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ListSearchAndMoveTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Lpos_finds_the_first_match_or_the_ranked_one()
    {
        var key = await ListAsync("a", "b", "c", "b", "d", "b");
        Assert.That(await Client.LPosAsync(key, "b"), Is.EqualTo(1));
        Assert.That(await Client.LPosAsync(key, "b", new ListPositionOptions { Rank = 2 }), Is.EqualTo(3));
        Assert.That(await Client.LPosAsync(key, "b", new ListPositionOptions { Rank = -1 }), Is.EqualTo(5));
        Assert.That(await Client.LPosAsync(key, "b", new ListPositionOptions { MaxLength = 1 }), Is.Null);
        Assert.That(await Client.LPosAsync(key, "zz"), Is.Null);
        Assert.That(await Client.LPosAsync(TestClients.Key("none"), "a"), Is.Null);
    }

    [Test]
    public async Task Lpos_with_a_count_returns_every_requested_index()
    {
        var key = await ListAsync("a", "b", "c", "b", "d", "b");
        Assert.That(await Client.LPosAsync(key, "b", 0), Is.EqualTo(new long[] { 1, 3, 5 }));
        Assert.That(await Client.LPosAsync(key, "b", 2), Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(await Client.LPosAsync(key, "b", 0, new ListPositionOptions { Rank = -1 }), Is.EqualTo(new long[] { 5, 3, 1 }));
        Assert.That(await Client.LPosAsync(key, "b", 0, new ListPositionOptions { MaxLength = 4 }), Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(await Client.LPosAsync(key, "zz", 0), Is.Empty);
    }

    [Test]
    public async Task Lmove_moves_between_the_chosen_ends()
    {
        var source = await ListAsync("a", "b", "c");
        var destination = await ListAsync("x");
        Assert.That((string?)await Client.LMoveAsync(source, destination, ListSide.Left, ListSide.Right), Is.EqualTo("a"));
        Assert.That((string?)await Client.LMoveAsync(source, destination, ListSide.Right, ListSide.Left), Is.EqualTo("c"));
        Assert.That((await Client.LRangeAsync(source)).AsText(), Is.EqualTo(new[] { "b" }));
        Assert.That((await Client.LRangeAsync(destination)).AsText(), Is.EqualTo(new[] { "c", "x", "a" }));
        Assert.That((await Client.LMoveAsync(TestClients.Key("none"), destination, ListSide.Left, ListSide.Left)).IsNull, Is.True);
    }

    [Test]
    public async Task Rpoplpush_moves_the_tail_to_the_head()
    {
        var source = await ListAsync("a", "b");
        var destination = await ListAsync("x");
        Assert.That((string?)await Client.RPopLPushAsync(source, destination), Is.EqualTo("b"));
        Assert.That((await Client.LRangeAsync(destination)).AsText(), Is.EqualTo(new[] { "b", "x" }));
        Assert.That((await Client.RPopLPushAsync(TestClients.Key("none"), destination)).IsNull, Is.True);
    }

    [Test]
    public async Task Lmpop_pops_from_the_first_non_empty_list()
    {
        var empty = TestClients.Key("empty");
        var full = await ListAsync("a", "b", "c");
        var popped = await Client.LMPopAsync([empty, full], ListSide.Left);
        Assert.That((string?)popped!.Key, Is.EqualTo(full));
        Assert.That(popped.Values.AsText(), Is.EqualTo(new[] { "a" }));
        popped = await Client.LMPopAsync([empty, full], ListSide.Right, count: 5);
        Assert.That(popped!.Values.AsText(), Is.EqualTo(new[] { "c", "b" }));
        Assert.That(await Client.LMPopAsync([empty, full], ListSide.Left), Is.Null);
    }

    [Test]
    public void Argument_errors_throw_before_sending()
    {
        var key = TestClients.Key("l");
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.LPosAsync(key, "a", new ListPositionOptions { Rank = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.LPosAsync(key, "a", 0, new ListPositionOptions { MaxLength = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.LPosAsync(key, "a", -1));
        Assert.Throws<ArgumentException>(() => Client.LPosAsync(key, RedisValue.Null));
        Assert.Throws<ArgumentException>(() => Client.LMoveAsync(key, default, ListSide.Left, ListSide.Left));
        Assert.Throws<ArgumentException>(() => Client.RPopLPushAsync(default, key));
        Assert.Throws<ArgumentException>(() => Client.LMPopAsync([], ListSide.Left));
        Assert.Throws<ArgumentException>(() => Client.LMPopAsync([key, default], ListSide.Left));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.LMPopAsync([key], ListSide.Left, count: 0));
    }

    private async Task<string> ListAsync(params RedisValue[] values)
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, values);
        return key;
    }
}
