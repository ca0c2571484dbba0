using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.SortedSets;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SortedSetRangeTests(ServerKind kind) : SortedSetFixture(kind)
{
    [Test]
    public async Task ZRange_by_rank_forward_reverse_and_with_scores()
    {
        var key = await AbcdAsync();
        Assert.That(Text(await Client.ZRangeAsync(key, 0, -1)), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(Text(await Client.ZRangeAsync(key, 0, 1, reverse: true)), Is.EqualTo(new[] { "d", "c" }));
        Assert.That(Pairs(await Client.ZRangeWithScoresAsync(key, 1, 2)), Is.EqualTo(new[] { ("b", 2.0), ("c", 3.0) }));
        Assert.That(await Client.ZRangeAsync(TestClients.Key("none"), 0, -1), Is.Empty);
    }

    [Test]
    public async Task ZRange_by_score_with_bounds_reverse_and_limit()
    {
        var key = await AbcdAsync();
        Assert.That(Text(await Client.ZRangeAsync(key, ScoreBound.Exclusive(1), 3)), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(Text(await Client.ZRangeAsync(key, ScoreBound.NegativeInfinity, ScoreBound.PositiveInfinity, reverse: true, offset: 1, count: 2)), Is.EqualTo(new[] { "c", "b" }));
        Assert.That(Text(await Client.ZRangeAsync(key, 1, 4, offset: 3)), Is.EqualTo(new[] { "d" }));
        Assert.That(Pairs(await Client.ZRangeWithScoresAsync(key, 3, ScoreBound.PositiveInfinity)), Is.EqualTo(new[] { ("c", 3.0), ("d", 4.0) }));
    }

    [Test]
    public async Task ZRange_by_lex_with_bounds_reverse_and_limit()
    {
        var key = TestClients.Key("lex");
        await Client.ZAddAsync(key, [new("a", 0), new("b", 0), new("c", 0), new("d", 0)]);
        Assert.That(Text(await Client.ZRangeAsync(key, LexBound.Inclusive("b"), LexBound.Max)), Is.EqualTo(new[] { "b", "c", "d" }));
        Assert.That(Text(await Client.ZRangeAsync(key, LexBound.Min, LexBound.Exclusive("d"), reverse: true, count: 2)), Is.EqualTo(new[] { "c", "b" }));
    }

    [Test]
    public async Task ZRangeStore_stores_rank_score_and_lex_ranges()
    {
        var key = await AbcdAsync();
        var destination = TestClients.Key("dest");
        Assert.That(await Client.ZRangeStoreAsync(destination, key, 0, 1), Is.EqualTo(2));
        Assert.That(Text(await Client.ZRangeAsync(destination, 0, -1)), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await Client.ZRangeStoreAsync(destination, key, ScoreBound.Exclusive(2), 4, reverse: true, count: 1), Is.EqualTo(1));
        Assert.That(Text(await Client.ZRangeAsync(destination, 0, -1)), Is.EqualTo(new[] { "d" }));
        Assert.That(await Client.ZRangeStoreAsync(destination, key, LexBound.Min, LexBound.Max), Is.EqualTo(4));
    }

    [Test]
    public async Task Legacy_range_commands_return_the_same_members()
    {
        var key = await AbcdAsync();
        Assert.That(Text(await Client.ZRangeByScoreAsync(key, 2, ScoreBound.PositiveInfinity, offset: 1, count: 1)), Is.EqualTo(new[] { "c" }));
        Assert.That(Pairs(await Client.ZRangeByScoreWithScoresAsync(key, ScoreBound.Exclusive(3), 10)), Is.EqualTo(new[] { ("d", 4.0) }));
        Assert.That(Text(await Client.ZRevRangeByScoreAsync(key, 3, 1)), Is.EqualTo(new[] { "c", "b", "a" }));
        var lex = TestClients.Key("lex");
        await Client.ZAddAsync(lex, [new("a", 0), new("b", 0), new("c", 0)]);
        Assert.That(Text(await Client.ZRangeByLexAsync(lex, LexBound.Exclusive("a"), LexBound.Max)), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(Text(await Client.ZRevRangeByLexAsync(lex, LexBound.Max, LexBound.Min, count: 1)), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public async Task ZRemRangeBy_rank_score_and_lex_remove_and_count()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZRemRangeByRankAsync(key, 0, 0), Is.EqualTo(1));
        Assert.That(await Client.ZRemRangeByScoreAsync(key, ScoreBound.Exclusive(2), 3), Is.EqualTo(1));
        Assert.That(Text(await Client.ZRangeAsync(key, 0, -1)), Is.EqualTo(new[] { "b", "d" }));
        var lex = TestClients.Key("lex");
        await Client.ZAddAsync(lex, [new("a", 0), new("b", 0), new("c", 0)]);
        Assert.That(await Client.ZRemRangeByLexAsync(lex, LexBound.Inclusive("b"), LexBound.Max), Is.EqualTo(2));
    }
}
