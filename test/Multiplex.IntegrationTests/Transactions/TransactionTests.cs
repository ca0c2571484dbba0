using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>MULTI/EXEC transactions over the shared connection, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class TransactionTests(ServerKind kind) : ClientFixture(kind)
{
    [Test]
    public async Task A_transaction_completes_each_command_with_its_own_typed_result()
    {
        var key = TestClients.Key("typed");
        var hash = TestClients.Key("hash");
        var zset = TestClients.Key("zset");
        var transaction = Client.CreateTransaction();
        var set = transaction.Commands.SetAsync(key, "v", expiry: TimeSpan.FromMinutes(1));
        var get = transaction.Commands.GetAsync(key);
        var exists = transaction.Commands.ExistsAsync(key);
        var ttl = transaction.Commands.TtlAsync(key);
        var hset = transaction.Commands.HSetAsync(hash, "f", "1");
        var hgetall = transaction.Commands.HGetAllAsync(hash);
        var zadd = transaction.Commands.ZAddAsync(zset, "m", 2.5);
        var zrange = transaction.Commands.ZRangeAsync(zset, 0, -1);
        var raw = transaction.Commands.ExecuteAsync("STRLEN", [key]);
        var missing = transaction.Commands.GetAsync(TestClients.Key("missing"));
        Assert.That(transaction.Count, Is.EqualTo(10));

        Assert.That(await transaction.ExecuteAsync(), Is.True);

        Assert.That(await set, Is.True);
        Assert.That((string?)await get, Is.EqualTo("v"));
        Assert.That(await exists, Is.True);
        Assert.That(await ttl, Is.InRange(55, 60));
        Assert.That(await hset, Is.True);
        var entries = await hgetall;
        Assert.That(entries, Has.Length.EqualTo(1));
        Assert.That((string?)entries[0].Name, Is.EqualTo("f"));
        Assert.That(await zadd, Is.True);
        Assert.That((await zrange).Select(value => (string?)value), Is.EqualTo(new[] { "m" }));
        Assert.That((long)await raw, Is.EqualTo(1));
        Assert.That((await missing).IsNull, Is.True);
    }

    [Test]
    public async Task A_wrong_type_error_in_the_middle_fails_only_that_command()
    {
        var list = TestClients.Key("list");
        var counter = TestClients.Key("counter");
        await Client.RPushAsync(list, ["x"]);

        var transaction = Client.CreateTransaction();
        var first = transaction.Commands.IncrAsync(counter);
        var wrong = transaction.Commands.GetAsync(list);
        var last = transaction.Commands.IncrAsync(counter);
        Assert.That(await transaction.ExecuteAsync(), Is.True);

        Assert.That(await first, Is.EqualTo(1));
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await wrong);
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("GET"));
        Assert.That(await last, Is.EqualTo(2));
    }

    [Test]
    public async Task A_command_refused_when_queued_aborts_the_transaction_and_each_command_says_why()
    {
        var key = TestClients.Key("aborted");
        var transaction = Client.CreateTransaction();
        var set = transaction.Commands.SetAsync(key, "v");
        var unknown = transaction.Commands.ExecuteAsync("NOSUCHCOMMAND", ["x"]);
        var incr = transaction.Commands.IncrAsync(key);

        var aborted = Assert.ThrowsAsync<TransactionAbortedException>(async () => await transaction.ExecuteAsync());
        Assert.That(aborted!.Message, Does.Contain("EXECABORT").And.Contain("NOSUCHCOMMAND").And.Contain("Command 2 of 3"));
        Assert.That(aborted.InnerException, Is.InstanceOf<RedisServerException>());
        Assert.That(((RedisServerException)aborted.InnerException!).Kind, Is.EqualTo(ServerErrorKind.ExecAbort));

        var refused = Assert.ThrowsAsync<RedisServerException>(async () => await unknown);
        Assert.That(refused!.ServerMessage, Does.Contain("unknown command"));
        Assert.That(refused.Command, Is.EqualTo("NOSUCHCOMMAND"));
        Assert.ThrowsAsync<TransactionAbortedException>(async () => await set);
        Assert.ThrowsAsync<TransactionAbortedException>(async () => await incr);
        Assert.That(await Client.ExistsAsync(key), Is.False, "nothing in an aborted transaction runs");
    }

    [Test]
    public async Task A_discarded_transaction_sends_nothing_and_completes_its_commands_as_cancelled()
    {
        var key = TestClients.Key("discarded");
        var transaction = Client.CreateTransaction();
        var set = transaction.Commands.SetAsync(key, "v");
        transaction.Discard();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await set);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await transaction.ExecuteAsync());
        Assert.Throws<InvalidOperationException>(() => transaction.Commands.GetAsync(key));
        Assert.That(await Client.ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task A_transaction_cancelled_before_it_is_sent_runs_nothing()
    {
        var key = TestClients.Key("cancelled");
        var transaction = Client.CreateTransaction();
        var incr = transaction.Commands.IncrAsync(key);
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await transaction.ExecuteAsync(source.Token));
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await incr);
        Assert.That(await Client.ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task A_transaction_runs_once()
    {
        var transaction = Client.CreateTransaction();
        var ping = transaction.Commands.PingAsync();
        Assert.That(await transaction.ExecuteAsync(), Is.True);
        Assert.That(await ping, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await transaction.ExecuteAsync());
    }

    [Test]
    public async Task An_empty_transaction_commits_without_sending_anything()
    {
        Assert.That(await Client.CreateTransaction().ExecuteAsync(), Is.True);
        Assert.That((string?)await Client.EchoAsync("still in step"), Is.EqualTo("still in step"));
    }

    [Test]
    public async Task Concurrent_transactions_are_atomic_and_keep_the_shared_connection_in_step()
    {
        const int Transactions = 200;
        var counter = TestClients.Key("atomic");
        var tasks = Enumerable.Range(0, Transactions).Select(i => Task.Run(async () =>
        {
            var transaction = Client.CreateTransaction();
            var a = transaction.Commands.IncrAsync(counter);
            var echo = transaction.Commands.EchoAsync($"tx{i}");
            var b = transaction.Commands.IncrAsync(counter);
            var plain = Client.EchoAsync($"plain{i}");
            Assert.That(await transaction.ExecuteAsync(), Is.True);
            Assert.That((string?)await plain, Is.EqualTo($"plain{i}"));
            Assert.That((string?)await echo, Is.EqualTo($"tx{i}"));
            return (First: await a, Second: await b);
        })).ToArray();

        var results = await Task.WhenAll(tasks);
        Assert.That(results.All(pair => pair.Second == pair.First + 1), Is.True, "another client's INCR ran inside a transaction");
        Assert.That(results.Select(pair => pair.Second).Order(), Is.EqualTo(Enumerable.Range(1, Transactions).Select(i => (long)i * 2)));
    }
}
