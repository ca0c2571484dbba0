using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.SortedSets;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SortedSetAlgebraTests(ServerKind kind) : SortedSetFixture(kind)
{
    private string _left = null!;
    private string _right = null!;

    [SetUp]
    public async Task FillAsync()
    {
        // One hash tag keeps the keys on one slot, should the suite ever run against a cluster.
        var tag = Guid.NewGuid().ToString("N");
        _left = $"{{{tag}}}:left";
        _right = $"{{{tag}}}:right";
        await Client.ZAddAsync(_left, [new("a", 1), new("b", 2), new("c", 3)]);
        await Client.ZAddAsync(_right, [new("b", 10), new("c", 20), new("d", 30)]);
    }

    [Test]
    public async Task ZInter_with_weights_and_aggregate()
    {
        Assert.That(Text(await Client.ZInterAsync([_left, _right])), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(Pairs(await Client.ZInterWithScoresAsync([_left, _right], [2, 1])), Is.EqualTo(new[] { ("b", 14.0), ("c", 26.0) }));
        Assert.That(Pairs(await Client.ZInterWithScoresAsync([_left, _right], aggregate: Aggregate.Min)), Is.EqualTo(new[] { ("b", 2.0), ("c", 3.0) }));
        Assert.That(await Client.ZInterCardAsync([_left, _right]), Is.EqualTo(2));
        Assert.That(await Client.ZInterCardAsync([_left, _right], limit: 1), Is.EqualTo(1));
    }

    [Test]
    public async Task ZUnion_with_weights_and_aggregate()
    {
        Assert.That(Text(await Client.ZUnionAsync([_left, _right])), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(Pairs(await Client.ZUnionWithScoresAsync([_left, _right], aggregate: Aggregate.Max)), Is.EqualTo(new[] { ("a", 1.0), ("b", 10.0), ("c", 20.0), ("d", 30.0) }));
        Assert.That(Pairs(await Client.ZUnionWithScoresAsync([_left, _right], [1, 0])), Is.EqualTo(new[] { ("d", 0.0), ("a", 1.0), ("b", 2.0), ("c", 3.0) }));
    }

    [Test]
    public async Task ZDiff_returns_members_only_in_the_first_set()
    {
        Assert.That(Text(await Client.ZDiffAsync([_left, _right])), Is.EqualTo(new[] { "a" }));
        Assert.That(Pairs(await Client.ZDiffWithScoresAsync([_right, _left])), Is.EqualTo(new[] { ("d", 30.0) }));
    }

    [Test]
    public async Task Store_variants_write_the_destination()
    {
        var destination = _left + ":dest";
        Assert.That(await Client.ZInterStoreAsync(destination, [_left, _right], aggregate: Aggregate.Max), Is.EqualTo(2));
        Assert.That(await Client.ZScoreAsync(destination, "c"), Is.EqualTo(20));
        Assert.That(await Client.ZUnionStoreAsync(destination, [_left, _right], [1, 2]), Is.EqualTo(4));
        Assert.That(await Client.ZScoreAsync(destination, "b"), Is.EqualTo(22));
        Assert.That(await Client.ZDiffStoreAsync(destination, [_left, _right]), Is.EqualTo(1));
        Assert.That(Text(await Client.ZRangeAsync(destination, 0, -1)), Is.EqualTo(new[] { "a" }));
    }
}
