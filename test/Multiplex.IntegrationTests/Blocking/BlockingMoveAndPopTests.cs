using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>BLMOVE, BLMPOP, BZPOPMIN, BZPOPMAX and BZMPOP on dedicated connections, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BlockingMoveAndPopTests(ServerKind kind) : ClientFixture(kind)
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Blmove_moves_an_available_element_between_the_ends_asked()
    {
        var source = TestClients.Key("source");
        var destination = TestClients.Key("destination");
        await Client.ExecuteAsync("RPUSH", [source, "a", "b", "c"]);
        await Client.ExecuteAsync("RPUSH", [destination, "x"]);

        Assert.That((string?)await Client.BLMoveAsync(source, destination, ListSide.Right, ListSide.Left, LongTimeout), Is.EqualTo("c"));
        Assert.That((string?)await Client.BLMoveAsync(source, destination, ListSide.Left, ListSide.Right, LongTimeout), Is.EqualTo("a"));
        Assert.That(await ListAsync(destination), Is.EqualTo(new[] { "c", "x", "a" }));
        Assert.That(await ListAsync(source), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task Blmove_that_times_out_returns_null_and_moves_nothing()
    {
        var destination = TestClients.Key("destination");
        var watch = Stopwatch.StartNew();
        Assert.That((await Client.BLMoveAsync(TestClients.Key("none"), destination, ListSide.Left, ListSide.Left, ShortTimeout)).IsNull, Is.True);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortTimeout * 0.75));
        Assert.That(await ListAsync(destination), Is.Empty);
    }

    [Test]
    public async Task Blmove_wakes_when_an_element_is_pushed_later()
    {
        var source = TestClients.Key("source");
        var destination = TestClients.Key("destination");
        var move = Client.BLMoveAsync(source, destination, ListSide.Left, ListSide.Left, LongTimeout).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(move);
        await Client.ExecuteAsync("RPUSH", [source, "late"]);
        Assert.That((string?)await move, Is.EqualTo("late"));
        Assert.That(await ListAsync(destination), Is.EqualTo(new[] { "late" }));
    }

    [Test]
    public async Task Blmpop_pops_up_to_count_from_the_first_non_empty_list()
    {
        var empty = TestClients.Key("empty");
        var list = TestClients.Key("list");
        await Client.ExecuteAsync("RPUSH", [list, "a", "b", "c"]);

        var fromTail = await Client.BLMPopAsync([empty, list], ListSide.Right, LongTimeout, count: 2);
        Assert.That(fromTail, Is.Not.Null);
        Assert.That(fromTail!.Key, Is.EqualTo((RedisKey)list));
        Assert.That(fromTail.Values.Select(v => (string?)v), Is.EqualTo(new[] { "c", "b" }));

        var fromHead = await Client.BLMPopAsync([empty, list], ListSide.Left, LongTimeout);
        Assert.That(fromHead!.Values.Select(v => (string?)v), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Blmpop_that_times_out_returns_null()
    {
        var watch = Stopwatch.StartNew();
        Assert.That(await Client.BLMPopAsync([TestClients.Key("none")], ListSide.Left, ShortTimeout), Is.Null);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortTimeout * 0.75));
    }

    [Test]
    public async Task Blmpop_wakes_when_an_element_is_pushed_later()
    {
        var list = TestClients.Key("list");
        var pop = Client.BLMPopAsync([TestClients.Key("other"), list], ListSide.Left, LongTimeout, count: 5).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(pop);
        await Client.ExecuteAsync("RPUSH", [list, "1", "2"]);
        var popped = await pop;
        Assert.That(popped!.Key, Is.EqualTo((RedisKey)list));
        Assert.That(popped.Values.Select(v => (string?)v), Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public async Task Bzpopmin_and_bzpopmax_pop_the_lowest_and_highest_score_with_their_key()
    {
        var empty = TestClients.Key("empty");
        var set = TestClients.Key("set");
        await Client.ExecuteAsync("ZADD", [set, 1, "one", 2.5, "two-and-a-half", 3, "three"]);

        Assert.That(await Client.BZPopMinAsync([empty, set], LongTimeout), Is.EqualTo(new SortedSetElement(set, new SortedSetEntry("one", 1))));
        Assert.That(await Client.BZPopMaxAsync([empty, set], LongTimeout), Is.EqualTo(new SortedSetElement(set, new SortedSetEntry("three", 3))));
        Assert.That(await Client.BZPopMaxAsync([set], LongTimeout), Is.EqualTo(new SortedSetElement(set, new SortedSetEntry("two-and-a-half", 2.5))));
    }

    [Test]
    public async Task Bzpopmin_and_bzpopmax_that_time_out_return_null()
    {
        var watch = Stopwatch.StartNew();
        Assert.That(await Client.BZPopMinAsync([TestClients.Key("none")], ShortTimeout), Is.Null);
        Assert.That(await Client.BZPopMaxAsync([TestClients.Key("none")], ShortTimeout), Is.Null);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortTimeout * 1.5));
    }

    [Test]
    public async Task Bzpopmin_and_bzpopmax_wake_when_a_member_is_added_later()
    {
        var set = TestClients.Key("set");
        var min = Client.BZPopMinAsync([set], LongTimeout).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(min);
        await Client.ExecuteAsync("ZADD", [set, 7, "seven"]);
        Assert.That(await min, Is.EqualTo(new SortedSetElement(set, new SortedSetEntry("seven", 7))));

        var max = Client.BZPopMaxAsync([set], LongTimeout).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(max);
        await Client.ExecuteAsync("ZADD", [set, -1.5, "negative"]);
        Assert.That(await max, Is.EqualTo(new SortedSetElement(set, new SortedSetEntry("negative", -1.5))));
    }

    [Test]
    public async Task Bzmpop_pops_up_to_count_from_the_side_asked()
    {
        var empty = TestClients.Key("empty");
        var set = TestClients.Key("set");
        await Client.ExecuteAsync("ZADD", [set, 1, "a", 2, "b", 3, "c"]);

        var max = await Client.BZMPopAsync([empty, set], SortedSetSide.Max, LongTimeout, count: 2);
        Assert.That(max!.Key, Is.EqualTo((RedisKey)set));
        Assert.That(max.Entries, Is.EqualTo(new[] { new SortedSetEntry("c", 3), new SortedSetEntry("b", 2) }));

        var min = await Client.BZMPopAsync([empty, set], SortedSetSide.Min, LongTimeout);
        Assert.That(min!.Entries, Is.EqualTo(new[] { new SortedSetEntry("a", 1) }));
    }

    [Test]
    public async Task Bzmpop_that_times_out_returns_null()
    {
        var watch = Stopwatch.StartNew();
        Assert.That(await Client.BZMPopAsync([TestClients.Key("none")], SortedSetSide.Min, ShortTimeout), Is.Null);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortTimeout * 0.75));
    }

    [Test]
    public async Task Bzmpop_wakes_when_a_member_is_added_later()
    {
        var set = TestClients.Key("set");
        var pop = Client.BZMPopAsync([set], SortedSetSide.Min, LongTimeout, count: 10).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(pop);
        await Client.ExecuteAsync("ZADD", [set, 2, "b", 1, "a"]);
        var popped = await pop;
        Assert.That(popped!.Key, Is.EqualTo((RedisKey)set));
        Assert.That(popped.Entries, Is.EqualTo(new[] { new SortedSetEntry("a", 1), new SortedSetEntry("b", 2) }));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        Assert.Throws<ArgumentException>(() => Client.BLMoveAsync(default, "d", ListSide.Left, ListSide.Left, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.BLMoveAsync("s", "d", ListSide.Left, ListSide.Left, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => Client.BLMPopAsync([], ListSide.Left, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.BLMPopAsync(["k"], ListSide.Left, TimeSpan.Zero, count: 0));
        Assert.Throws<ArgumentException>(() => Client.BZPopMinAsync([], TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.BZPopMaxAsync(["k"], TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.BZMPopAsync(["k"], SortedSetSide.Min, TimeSpan.Zero, count: -1));
    }

    [Test]
    public async Task A_wrong_type_is_a_server_error_naming_the_command_and_the_connection_is_kept()
    {
        var key = TestClients.Key("string");
        await Client.SetAsync(key, "not a sorted set");
        var pool = Client.DedicatedPoolFor(key);
        var replaced = pool.ReplacedCount;
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.BZMPopAsync([key], SortedSetSide.Min, LongTimeout));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("BZMPOP"));
        Assert.That(pool.LeasedCount, Is.Zero);
        Assert.That(pool.ReplacedCount, Is.EqualTo(replaced));
    }

    private async Task<string?[]> ListAsync(string key) =>
        [.. (await Client.ExecuteAsync("LRANGE", [key, 0, -1])).Elements.Select(e => (string?)e)];
}
