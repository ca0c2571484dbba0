using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>
/// A <see cref="LuaScript"/> queued in a batch or a transaction runs whatever the server's script cache
/// holds (after SCRIPT FLUSH, say): there it is sent with its source, because no NOSCRIPT reply could be
/// answered before the batch or transaction has gone out.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class QueuedScriptTests(ServerKind kind) : ClientFixture(kind)
{
    private static readonly LuaScript Increment = new("return redis.call('INCRBY', KEYS[1], ARGV[1])");

    [Test]
    public async Task A_script_in_a_batch_runs_after_the_script_cache_was_flushed()
    {
        var key = TestClients.Key("batch-script");
        await FlushScriptsAsync();

        var batch = Client.CreateBatch();
        var first = batch.Commands.EvalAsync(Increment, [key], [2]);
        var second = batch.Commands.EvalAsync(Increment, [key], [3]);
        await batch.ExecuteAsync();

        Assert.That((long)await first, Is.EqualTo(2));
        Assert.That((long)await second, Is.EqualTo(5));
    }

    [Test]
    public async Task A_script_in_a_transaction_runs_after_the_script_cache_was_flushed()
    {
        var key = TestClients.Key("tx-script");
        await FlushScriptsAsync();

        var transaction = Client.CreateTransaction();
        var result = transaction.Commands.EvalAsync(Increment, [key], [7]);
        Assert.That(await transaction.ExecuteAsync(), Is.True);

        Assert.That((long)await result, Is.EqualTo(7));
    }

    [Test]
    public async Task On_the_client_a_flushed_script_falls_back_to_its_source_once()
    {
        var key = TestClients.Key("client-script");
        await FlushScriptsAsync();
        Assert.That((long)await Client.EvalAsync(Increment, [key], [1]), Is.EqualTo(1));
        Assert.That(await Client.ScriptExistsAsync([Increment.Sha1]), Is.EqualTo(new[] { true }), "EVAL cached it");
        Assert.That((long)await Client.EvalAsync(Increment, [key], [1]), Is.EqualTo(2));
    }

    private async Task FlushScriptsAsync()
    {
        await using var admin = await TestClients.ConnectAsync(Kind, options => options with { AllowAdminCommands = true });
        await admin.ScriptFlushAsync();
        Assert.That(await Client.ScriptExistsAsync([Increment.Sha1]), Is.EqualTo(new[] { false }));
    }
}
