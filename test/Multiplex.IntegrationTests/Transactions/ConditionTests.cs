using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>Transactions guarded by conditions (WATCH, check, MULTI/EXEC on a dedicated connection), over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class ConditionTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task Key_exists_and_key_not_exists()
    {
        var key = TestClients.Key("k");
        await Client.SetAsync(key, "v");
        await AssertConditionAsync(Condition.KeyExists(key), holds: true);
        await AssertConditionAsync(Condition.KeyNotExists(key), holds: false);
        await AssertConditionAsync(Condition.KeyExists(TestClients.Key("absent")), holds: false);
        await AssertConditionAsync(Condition.KeyNotExists(TestClients.Key("absent")), holds: true);
    }

    [Test]
    public async Task String_equal()
    {
        var key = TestClients.Key("s");
        await Client.SetAsync(key, "expected");
        await AssertConditionAsync(Condition.StringEqual(key, "expected"), holds: true);
        await AssertConditionAsync(Condition.StringEqual(key, "other"), holds: false);
        await AssertConditionAsync(Condition.StringEqual(TestClients.Key("absent"), RedisValue.Null), holds: true);
    }

    [Test]
    public async Task Hash_field_equal_exists_and_not_exists()
    {
        var key = TestClients.Key("h");
        await Client.HSetAsync(key, "field", "7");
        await AssertConditionAsync(Condition.HashEqual(key, "field", 7), holds: true);
        await AssertConditionAsync(Condition.HashEqual(key, "field", 8), holds: false);
        await AssertConditionAsync(Condition.HashExists(key, "field"), holds: true);
        await AssertConditionAsync(Condition.HashExists(key, "nope"), holds: false);
        await AssertConditionAsync(Condition.HashNotExists(key, "nope"), holds: true);
        await AssertConditionAsync(Condition.HashNotExists(key, "field"), holds: false);
    }

    [Test]
    public async Task List_length_equal()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["a", "b"]);
        await AssertConditionAsync(Condition.ListLengthEqual(key, 2), holds: true);
        await AssertConditionAsync(Condition.ListLengthEqual(key, 3), holds: false);
    }

    [Test]
    public async Task Sorted_set_score_equal()
    {
        var key = TestClients.Key("z");
        await Client.ZAddAsync(key, "m", 1.5);
        await AssertConditionAsync(Condition.SortedSetScoreEqual(key, "m", 1.5), holds: true);
        await AssertConditionAsync(Condition.SortedSetScoreEqual(key, "m", 2), holds: false);
        await AssertConditionAsync(Condition.SortedSetScoreEqual(key, "absent", 1.5), holds: false);
    }

    [Test]
    public async Task String_and_hash_field_not_equal()
    {
        var key = TestClients.Key("s");
        await Client.SetAsync(key, "value");
        await AssertConditionAsync(Condition.StringNotEqual(key, "other"), holds: true);
        await AssertConditionAsync(Condition.StringNotEqual(key, "value"), holds: false);
        await AssertConditionAsync(Condition.StringNotEqual(TestClients.Key("absent"), RedisValue.Null), holds: false);
        await AssertConditionAsync(Condition.StringNotEqual(key, RedisValue.Null), holds: true);

        var hash = TestClients.Key("h");
        await Client.HSetAsync(hash, "field", "7");
        await AssertConditionAsync(Condition.HashNotEqual(hash, "field", 8), holds: true);
        await AssertConditionAsync(Condition.HashNotEqual(hash, "field", 7), holds: false);
        await AssertConditionAsync(Condition.HashNotEqual(hash, "nope", RedisValue.Null), holds: false);
    }

    [Test]
    public async Task List_index_exists_and_equals()
    {
        var key = TestClients.Key("l");
        await Client.RPushAsync(key, ["a", "b"]);
        await AssertConditionAsync(Condition.ListIndexExists(key, 1), holds: true);
        await AssertConditionAsync(Condition.ListIndexExists(key, -2), holds: true);
        await AssertConditionAsync(Condition.ListIndexExists(key, 2), holds: false);
        await AssertConditionAsync(Condition.ListIndexNotExists(key, 2), holds: true);
        await AssertConditionAsync(Condition.ListIndexNotExists(key, 0), holds: false);
        await AssertConditionAsync(Condition.ListIndexEqual(key, 1, "b"), holds: true);
        await AssertConditionAsync(Condition.ListIndexEqual(key, 0, "b"), holds: false);
        await AssertConditionAsync(Condition.ListIndexNotEqual(key, 0, "b"), holds: true);
        await AssertConditionAsync(Condition.ListIndexNotEqual(key, 1, "b"), holds: false);
    }

    [Test]
    public async Task Set_and_sorted_set_membership()
    {
        var set = TestClients.Key("set");
        await Client.SAddAsync(set, "m");
        await AssertConditionAsync(Condition.SetContains(set, "m"), holds: true);
        await AssertConditionAsync(Condition.SetContains(set, "x"), holds: false);
        await AssertConditionAsync(Condition.SetNotContains(set, "x"), holds: true);
        await AssertConditionAsync(Condition.SetNotContains(set, "m"), holds: false);

        var sorted = TestClients.Key("z");
        await Client.ZAddAsync(sorted, "apple", 0);
        await Client.ZAddAsync(sorted, "banana", 0);
        await AssertConditionAsync(Condition.SortedSetContains(sorted, "apple"), holds: true);
        await AssertConditionAsync(Condition.SortedSetContains(sorted, "cherry"), holds: false);
        await AssertConditionAsync(Condition.SortedSetNotContains(sorted, "cherry"), holds: true);
        await AssertConditionAsync(Condition.SortedSetNotContains(sorted, "apple"), holds: false);
        await AssertConditionAsync(Condition.SortedSetScoreNotEqual(sorted, "apple", 1), holds: true);
        await AssertConditionAsync(Condition.SortedSetScoreNotEqual(sorted, "apple", 0), holds: false);
        await AssertConditionAsync(Condition.SortedSetScoreNotEqual(sorted, "cherry", 0), holds: true);
        await AssertConditionAsync(Condition.SortedSetContainsStarting(sorted, "ban"), holds: true);
        await AssertConditionAsync(Condition.SortedSetContainsStarting(sorted, "app"), holds: true);
        await AssertConditionAsync(Condition.SortedSetContainsStarting(sorted, "bo"), holds: false);
        await AssertConditionAsync(Condition.SortedSetContainsStarting(sorted, "c"), holds: false);
        await AssertConditionAsync(Condition.SortedSetContainsStarting(TestClients.Key("absent"), string.Empty), holds: false);
        Assert.Throws<ArgumentException>(() => Condition.SortedSetContainsStarting(sorted, RedisValue.Null));
    }

    [Test]
    public async Task Sorted_set_score_exists_and_count()
    {
        var key = TestClients.Key("z");
        await Client.ZAddAsync(key, "a", 1);
        await Client.ZAddAsync(key, "b", 1);
        await Client.ZAddAsync(key, "c", 2);
        await AssertConditionAsync(Condition.SortedSetScoreExists(key, 1), holds: true);
        await AssertConditionAsync(Condition.SortedSetScoreExists(key, 3), holds: false);
        await AssertConditionAsync(Condition.SortedSetScoreNotExists(key, 3), holds: true);
        await AssertConditionAsync(Condition.SortedSetScoreNotExists(key, 2), holds: false);
        await AssertConditionAsync(Condition.SortedSetScoreCountEqual(key, 1, 2), holds: true);
        await AssertConditionAsync(Condition.SortedSetScoreCountEqual(key, 2, 2), holds: false);
    }

    [Test]
    public async Task Lengths_compare_equal_less_and_greater_for_every_type()
    {
        var text = TestClients.Key("s");
        var hash = TestClients.Key("h");
        var list = TestClients.Key("l");
        var set = TestClients.Key("set");
        var sorted = TestClients.Key("z");
        var stream = TestClients.Key("x");
        await Client.SetAsync(text, "abc");
        await Client.HSetAsync(hash, [new HashEntry("f1", "1"), new HashEntry("f2", "2"), new HashEntry("f3", "3")]);
        await Client.RPushAsync(list, ["a", "b", "c"]);
        await Client.SAddAsync(set, ["a", "b", "c"]);
        await Client.ZAddAsync(sorted, "a", 1);
        await Client.ZAddAsync(sorted, "b", 2);
        await Client.ZAddAsync(sorted, "c", 3);
        for (var i = 0; i < 3; i++)
        {
            await Client.XAddAsync(stream, [new StreamField("n", i)]);
        }

        Func<LengthComparison, long, Condition>[] lengthsOfThree =
        [
            (comparison, length) => Condition.StringLength(text, comparison, length),
            (comparison, length) => Condition.HashLength(hash, comparison, length),
            (comparison, length) => Condition.ListLength(list, comparison, length),
            (comparison, length) => Condition.SetLength(set, comparison, length),
            (comparison, length) => Condition.SortedSetLength(sorted, comparison, length),
            (comparison, length) => Condition.SortedSetLength(sorted, ScoreBound.Inclusive(0), ScoreBound.Exclusive(4), comparison, length),
            (comparison, length) => Condition.StreamLength(stream, comparison, length),
        ];
        foreach (var condition in lengthsOfThree)
        {
            await AssertConditionAsync(condition(LengthComparison.Equal, 3), holds: true);
            await AssertConditionAsync(condition(LengthComparison.Equal, 2), holds: false);
            await AssertConditionAsync(condition(LengthComparison.LessThan, 4), holds: true);
            await AssertConditionAsync(condition(LengthComparison.LessThan, 3), holds: false);
            await AssertConditionAsync(condition(LengthComparison.GreaterThan, 2), holds: true);
            await AssertConditionAsync(condition(LengthComparison.GreaterThan, 3), holds: false);
        }

        await AssertConditionAsync(Condition.SortedSetLength(sorted, ScoreBound.Exclusive(1), ScoreBound.PositiveInfinity, LengthComparison.Equal, 2), holds: true);
        await AssertConditionAsync(Condition.ListLength(TestClients.Key("absent"), LengthComparison.Equal, 0), holds: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => Condition.ListLength(list, (LengthComparison)7, 1));
        Assert.That(Condition.HashLength(hash, LengthComparison.LessThan, 5).ToString(), Does.Contain(hash).And.Contain("less than 5"));
    }

    [Test]
    public async Task Every_condition_must_hold_and_the_lease_is_returned()
    {
        var key = TestClients.Key("all");
        await Client.SetAsync(key, "v");
        var target = TestClients.Key("target");
        var transaction = Client.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(key));
        transaction.AddCondition(Condition.StringEqual(key, "other"));
        var set = transaction.Commands.SetAsync(target, "written");

        Assert.That(await transaction.ExecuteAsync(), Is.False);
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await set);
        Assert.That(await Client.ExistsAsync(target), Is.False);
        Assert.That(Client.DedicatedPoolFor(key).LeasedCount, Is.Zero);
    }

    /// <summary>Runs a transaction guarded by <paramref name="condition"/> and checks it ran exactly when the condition holds.</summary>
    private async Task AssertConditionAsync(Condition condition, bool holds)
    {
        var target = TestClients.Key("target");
        var transaction = Client.CreateTransaction();
        transaction.AddCondition(condition);
        var set = transaction.Commands.SetAsync(target, "written");
        var get = transaction.Commands.GetAsync(target);

        Assert.That(await transaction.ExecuteAsync(), Is.EqualTo(holds), condition.ToString());
        if (holds)
        {
            Assert.That(await set, Is.True);
            Assert.That((string?)await get, Is.EqualTo("written"));
        }
        else
        {
            Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await set);
            Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await get);
        }

        Assert.That(await Client.ExistsAsync(target), Is.EqualTo(holds), condition.ToString());
    }
}
