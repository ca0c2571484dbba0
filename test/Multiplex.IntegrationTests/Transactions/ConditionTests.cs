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
