using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>Explicit pipelines, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BatchTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task A_batch_of_ten_thousand_commands_returns_every_result_in_order_and_one_error_fails_only_its_command()
    {
        const int Count = 10_000;
        var prefix = TestClients.Key("batch");
        var wrongType = $"{prefix}:list";
        await Client.ExecuteAsync("RPUSH", [wrongType, "x"]);

        var batch = Client.CreateBatch();
        var increments = new List<ValueTask<long>>(Count);
        ValueTask<RedisValue> failing = default;
        for (var i = 0; i < Count; i++)
        {
            if (i == Count / 2)
            {
                failing = batch.Commands.GetAsync(wrongType);
            }

            increments.Add(batch.Commands.IncrByAsync($"{prefix}:counter", 1));
        }

        Assert.That(batch.Count, Is.EqualTo(Count + 1));
        await batch.ExecuteAsync();

        var results = new List<long>(Count);
        foreach (var increment in increments)
        {
            results.Add(await increment);
        }

        Assert.That(results, Is.EqualTo(Enumerable.Range(1, Count).Select(i => (long)i)));
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await failing);
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("GET"));
    }

    [Test]
    public async Task Typed_commands_of_every_shape_join_a_batch()
    {
        var key = TestClients.Key("shapes");
        var batch = Client.CreateBatch();
        var set = batch.Commands.SetAsync(key, "v", expiry: TimeSpan.FromMinutes(1));
        var get = batch.Commands.GetAsync(key);
        var exists = batch.Commands.ExistsAsync(key);
        var ttl = batch.Commands.TtlAsync(key);
        var raw = batch.Commands.ExecuteAsync("STRLEN", [key]);
        var deleted = batch.Commands.DelAsync(key);
        await batch.ExecuteAsync();

        Assert.That(await set, Is.True);
        Assert.That((string?)await get, Is.EqualTo("v"));
        Assert.That(await exists, Is.True);
        Assert.That(await ttl, Is.InRange(55, 60));
        Assert.That((long)await raw, Is.EqualTo(1));
        Assert.That(await deleted, Is.True);
    }

    [Test]
    public async Task A_batch_cancelled_before_it_is_sent_sends_nothing()
    {
        var key = TestClients.Key("cancelled");
        var batch = Client.CreateBatch();
        var increment = batch.Commands.IncrAsync(key);
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await batch.ExecuteAsync(source.Token));
        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await increment);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.NotSent));
        Assert.That(await Client.ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task A_batch_runs_once()
    {
        var batch = Client.CreateBatch();
        _ = batch.Commands.PingAsync();
        await batch.ExecuteAsync();
        Assert.ThrowsAsync<InvalidOperationException>(async () => await batch.ExecuteAsync());
        Assert.Throws<InvalidOperationException>(() => batch.Commands.GetAsync("late"));
    }

    [Test]
    public async Task An_empty_batch_completes()
    {
        var batch = Client.CreateBatch();
        await batch.ExecuteAsync();
        Assert.That((string?)await Client.EchoAsync("still open"), Is.EqualTo("still open"));
    }
}
