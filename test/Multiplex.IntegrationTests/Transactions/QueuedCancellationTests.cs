using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>
/// A command queued in a batch or a transaction whose caller leaves (cancels, or times out because the
/// batch was never executed) before it is sent: a batch drops it from the wire; a transaction cannot
/// drop it from its atomic unit, so the caller is told it runs if the transaction is sent. Either way
/// nothing is applied twice by a caller who retries on "not sent", and nobody waits forever.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class QueuedCancellationTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task A_batch_command_cancelled_before_the_batch_is_sent_is_never_sent()
    {
        var key = TestClients.Key("batch-cancelled");
        using var cancel = new CancellationTokenSource();
        var batch = Client.CreateBatch();
        var cancelled = batch.Commands.IncrAsync(key, cancel.Token);
        var kept = batch.Commands.IncrByAsync($"{key}:other", 5);
        cancel.Cancel();
        await batch.ExecuteAsync();

        var error = Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await cancelled);
        Assert.That(error!.Message, Does.Contain("before it was sent"));
        Assert.That(await kept, Is.EqualTo(5));
        Assert.That(await Client.GetAsync(key), Is.EqualTo(RedisValue.Null), "the cancelled INCR did not run");
    }

    [Test]
    public async Task A_batch_command_with_a_token_cancelled_before_it_was_queued_is_never_sent()
    {
        var key = TestClients.Key("batch-precancelled");
        var batch = Client.CreateBatch();
        var cancelled = batch.Commands.IncrAsync(key, new CancellationToken(canceled: true));
        await batch.ExecuteAsync();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await cancelled);
        Assert.That(await Client.GetAsync(key), Is.EqualTo(RedisValue.Null));
    }

    [Test]
    public async Task A_batch_whose_every_command_was_cancelled_sends_nothing_and_completes()
    {
        var key = TestClients.Key("batch-all-cancelled");
        using var cancel = new CancellationTokenSource();
        var batch = Client.CreateBatch();
        var first = batch.Commands.IncrAsync(key, cancel.Token);
        var second = batch.Commands.IncrAsync(key, cancel.Token);
        cancel.Cancel();

        await batch.ExecuteAsync();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await first);
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await second);
        Assert.That(await Client.GetAsync(key), Is.EqualTo(RedisValue.Null));
        Assert.That((string?)await Client.EchoAsync("after"), Is.EqualTo("after"), "the connection is in step");
    }

    [Test]
    public async Task A_transaction_command_cancelled_before_the_transaction_is_sent_is_told_that_it_runs()
    {
        var key = TestClients.Key("tx-cancelled");
        using var cancel = new CancellationTokenSource();
        var transaction = Client.CreateTransaction();
        var cancelled = transaction.Commands.IncrAsync(key, cancel.Token);
        var kept = transaction.Commands.IncrAsync(key);
        cancel.Cancel();

        Assert.That(await transaction.ExecuteAsync(), Is.True);

        var error = Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await cancelled);
        Assert.That(error!.Message, Does.Contain("runs if the transaction is sent"));
        Assert.That(await kept, Is.EqualTo(2), "the unit ran whole");
        Assert.That((long?)await Client.GetAsync(key), Is.EqualTo(2));
    }

    [Test]
    public async Task A_conditional_transaction_command_with_a_cancelled_token_is_told_that_it_runs()
    {
        var key = TestClients.Key("tx-conditional-cancelled");
        var transaction = Client.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(key));
        var cancelled = transaction.Commands.IncrAsync(key, new CancellationToken(canceled: true));

        Assert.That(await transaction.ExecuteAsync(), Is.True);

        var error = Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await cancelled);
        Assert.That(error!.Message, Does.Contain("runs if the transaction is sent"));
        Assert.That((long?)await Client.GetAsync(key), Is.EqualTo(1));
    }

    [Test]
    public async Task Awaiting_a_batch_command_before_executing_the_batch_times_out_and_the_command_is_not_sent_later()
    {
        await using var client = await TestClients.ConnectAsync(Kind, options => options with { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        var key = TestClients.Key("batch-awaited-early");
        var batch = client.CreateBatch();
        var early = batch.Commands.IncrAsync(key);

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await early);
        Assert.That(error!.Message, Does.Contain("ExecuteAsync").And.Contain("a batch"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));

        await batch.ExecuteAsync();
        Assert.That(await client.GetAsync(key), Is.EqualTo(RedisValue.Null), "a command whose caller timed out is dropped from the batch");
    }

    [Test]
    public async Task Awaiting_a_transaction_command_before_executing_it_times_out_saying_it_may_still_run()
    {
        await using var client = await TestClients.ConnectAsync(Kind, options => options with { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        var key = TestClients.Key("tx-awaited-early");
        var transaction = client.CreateTransaction();
        var early = transaction.Commands.IncrAsync(key);

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await early);
        Assert.That(error!.Message, Does.Contain("ExecuteAsync").And.Contain("runs if the transaction is executed later"));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.Unknown));

        Assert.That(await transaction.ExecuteAsync(), Is.True);
        Assert.That((long?)await client.GetAsync(key), Is.EqualTo(1), "as the caller was told");
    }
}
