using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.SortedSets;

/// <summary>
/// NaN scores, increments and weights are refused before anything is sent, naming the parameter that
/// holds them; the infinities Redis stores are accepted and read back under both protocols.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class SortedSetScoreValidationTests(ServerKind kind) : SortedSetFixture(kind)
{
    [Test]
    public async Task A_NaN_score_is_refused_naming_the_score_not_the_member()
    {
        var key = TestClients.Key("z");

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddAsync(key, "a", double.NaN));

        Assert.That(error!.ParamName, Is.EqualTo("score"));
        Assert.That(await Client.ExistsAsync(key), Is.False, "nothing was sent");
    }

    [Test]
    public void A_null_member_is_still_blamed_on_the_member()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddAsync(TestClients.Key("z"), RedisValue.Null, 1));

        Assert.That(error!.ParamName, Is.EqualTo("member"));
    }

    [Test]
    public void A_NaN_increment_is_refused_naming_the_increment()
    {
        var key = TestClients.Key("z");

        var incrBy = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZIncrByAsync(key, "a", double.NaN));
        var addIncr = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddIncrAsync(key, "a", double.NaN));

        Assert.That(incrBy!.ParamName, Is.EqualTo("increment"));
        Assert.That(addIncr!.ParamName, Is.EqualTo("increment"));
    }

    [Test]
    public async Task A_NaN_score_anywhere_in_a_list_sends_none_of_the_entries()
    {
        var key = TestClients.Key("z");

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZAddAsync(key, [new("a", 1), new("b", double.NaN)]));

        Assert.That(error!.ParamName, Is.EqualTo("entries"));
        Assert.That(await Client.ZCardAsync(key), Is.Zero);
    }

    [Test]
    public async Task A_NaN_weight_is_refused_naming_the_weights()
    {
        var first = await AbcdAsync("first");
        var second = await AbcdAsync("second");
        var destination = TestClients.Key("union");

        var store = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZUnionStoreAsync(destination, [first, second], [1, double.NaN]));
        var inter = Assert.ThrowsAsync<ArgumentException>(async () => await Client.ZInterAsync([first, second], [double.NaN, 1]));

        Assert.That(store!.ParamName, Is.EqualTo("weights"));
        Assert.That(inter!.ParamName, Is.EqualTo("weights"));
        Assert.That(await Client.ExistsAsync(destination), Is.False, "nothing was sent");
    }

    [Test]
    public async Task Infinite_scores_increments_and_weights_are_valid()
    {
        var key = TestClients.Key("z");

        Assert.That(await Client.ZAddAsync(key, "top", double.PositiveInfinity), Is.True);
        Assert.That(await Client.ZAddAsync(key, [new("bottom", double.NegativeInfinity), new("middle", 2)]), Is.EqualTo(2));
        Assert.That(await Client.ZIncrByAsync(key, "rising", double.PositiveInfinity), Is.EqualTo(double.PositiveInfinity));
        Assert.That(await Client.ZAddIncrAsync(key, "falling", double.NegativeInfinity), Is.EqualTo(double.NegativeInfinity));
        Assert.That(await Client.ZScoreAsync(key, "bottom"), Is.EqualTo(double.NegativeInfinity));

        var weighted = await Client.ZUnionWithScoresAsync([key], [double.PositiveInfinity]);
        Assert.That(weighted.Single(e => (string?)e.Member == "middle").Score, Is.EqualTo(double.PositiveInfinity));
    }
}
