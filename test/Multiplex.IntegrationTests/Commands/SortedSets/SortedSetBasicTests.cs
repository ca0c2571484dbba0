using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.SortedSets;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SortedSetBasicTests(ServerKind kind) : SortedSetFixture(kind)
{
    [Test]
    public async Task ZAdd_reports_additions_and_with_CH_changes()
    {
        var key = TestClients.Key("z");
        Assert.That(await Client.ZAddAsync(key, "a", 1), Is.True);
        Assert.That(await Client.ZAddAsync(key, "a", 2), Is.False);
        Assert.That(await Client.ZAddAsync(key, "a", 3, changed: true), Is.True);
        Assert.That(await Client.ZAddAsync(key, [new("a", 3), new("b", 1), new("c", 1)]), Is.EqualTo(2));
        Assert.That(await Client.ZScoreAsync(key, "a"), Is.EqualTo(3));
    }

    [Test]
    public async Task ZAdd_conditions_NX_XX_GT_LT_are_applied()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZAddAsync(key, "a", 10, When.NotExists), Is.False);
        Assert.That(await Client.ZAddAsync(key, "e", 5, When.Exists), Is.False);
        Assert.That(await Client.ZAddAsync(key, "b", 1, comparison: ScoreComparison.GreaterThan, changed: true), Is.False);
        Assert.That(await Client.ZAddAsync(key, "b", 0.5, comparison: ScoreComparison.LessThan, changed: true), Is.True);
        Assert.That(await Client.ZMScoreAsync(key, ["a", "b", "e"]), Is.EqualTo(new double?[] { 1, 0.5, null }));
    }

    [Test]
    public async Task ZAddIncr_returns_the_new_score_or_null_when_blocked()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZAddIncrAsync(key, "a", 2.5), Is.EqualTo(3.5));
        Assert.That(await Client.ZAddIncrAsync(key, "a", 1, When.NotExists), Is.Null);
        Assert.That(await Client.ZAddIncrAsync(key, "a", -1, comparison: ScoreComparison.GreaterThan), Is.Null);
    }

    [Test]
    public async Task ZRem_ZCard_ZIncrBy_and_infinite_scores()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZRemAsync(key, "a"), Is.True);
        Assert.That(await Client.ZRemAsync(key, ["b", "c", "x"]), Is.EqualTo(2));
        Assert.That(await Client.ZCardAsync(key), Is.EqualTo(1));
        Assert.That(await Client.ZIncrByAsync(key, "d", 0.25), Is.EqualTo(4.25));
        Assert.That(await Client.ZIncrByAsync(key, "inf", double.PositiveInfinity), Is.EqualTo(double.PositiveInfinity));
        Assert.That(await Client.ZScoreAsync(key, "missing"), Is.Null);
        Assert.That(await Client.ZCardAsync(TestClients.Key("none")), Is.Zero);
    }

    [Test]
    public async Task ZCount_and_ZLexCount_honour_exclusive_and_infinite_bounds()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZCountAsync(key, 2, 3), Is.EqualTo(2));
        Assert.That(await Client.ZCountAsync(key, ScoreBound.Exclusive(2), ScoreBound.PositiveInfinity), Is.EqualTo(2));
        Assert.That(await Client.ZCountAsync(key, ScoreBound.NegativeInfinity, ScoreBound.Exclusive(1)), Is.Zero);
        var lex = TestClients.Key("lex");
        await Client.ZAddAsync(lex, [new("a", 0), new("b", 0), new("c", 0)]);
        Assert.That(await Client.ZLexCountAsync(lex, LexBound.Min, LexBound.Max), Is.EqualTo(3));
        Assert.That(await Client.ZLexCountAsync(lex, LexBound.Exclusive("a"), LexBound.Inclusive("c")), Is.EqualTo(2));
    }

    [Test]
    public async Task ZRank_and_ZRevRank_give_ranks_or_null()
    {
        var key = await AbcdAsync();
        Assert.That(await Client.ZRankAsync(key, "c"), Is.EqualTo(2));
        Assert.That(await Client.ZRevRankAsync(key, "c"), Is.EqualTo(1));
        Assert.That(await Client.ZRankAsync(key, "x"), Is.Null);
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddAsync("k", "a", 1, When.NotExists, ScoreComparison.GreaterThan));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddAsync("k", []));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddAsync("k", "a", double.NaN));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZRemAsync("k", []));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZInterAsync([]));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZUnionAsync(["a", "b"], [1]));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.ZPopMinAsync("k", -1));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.ZRangeAsync("k", 0, 1, offset: -1));
        Assert.Throws<ArgumentException>(() => LexBound.Inclusive(RedisValue.Null));
        Assert.Throws<ArgumentException>(() => ScoreBound.Inclusive(double.NaN));
    }

    [Test]
    public async Task A_sorted_set_command_on_a_string_is_WRONGTYPE()
    {
        var key = TestClients.Key("string");
        await Client.SetAsync(key, "x");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.ZAddAsync(key, "a", 1));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("ZADD"));
    }

    [Test]
    public void Bounds_print_as_Redis_reads_them()
    {
        Assert.That(ScoreBound.Exclusive(1.5).ToString(), Is.EqualTo("(1.5"));
        Assert.That(((ScoreBound)2).ToString(), Is.EqualTo("2"));
        Assert.That(ScoreBound.NegativeInfinity.ToString(), Is.EqualTo("-inf"));
        Assert.That(ScoreBound.PositiveInfinity.ToString(), Is.EqualTo("+inf"));
        Assert.That(LexBound.Inclusive("a").ToString(), Is.EqualTo("[a"));
        Assert.That(LexBound.Exclusive("a").ToString(), Is.EqualTo("(a"));
        Assert.That((LexBound.Min.ToString(), LexBound.Max.ToString()), Is.EqualTo(("-", "+")));
    }
}
