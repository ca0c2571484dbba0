using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>Transactions when replies are late or the connection is lost, through a fault proxy.</summary>
public sealed class TransactionFaultTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(300);
    private FaultProxy _proxy = null!;
    private RedisClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        var server = await SharedServers.StandaloneAsync();
        _proxy = await FaultProxy.StartAsync(server.Host, server.Port);
        _client = await RedisClient.ConnectAsync(TestClients.OptionsFor(_proxy.Port) with { CommandTimeout = CommandTimeout }, TestClients.Logs);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Test]
    public async Task A_timed_out_transaction_fails_its_commands_as_possibly_run_and_its_late_replies_are_discarded()
    {
        var key = TestClients.Key("late");
        _proxy.Delay = TimeSpan.FromMilliseconds(400);
        var transaction = _client.CreateTransaction();
        var increments = Enumerable.Range(0, 3).Select(_ => transaction.Commands.IncrAsync(key)).ToArray();

        var timeout = Assert.ThrowsAsync<RedisTimeoutException>(async () => await transaction.ExecuteAsync());
        Assert.That(timeout!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        foreach (var increment in increments)
        {
            var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await increment);
            Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
            Assert.That(error.Command, Is.EqualTo("INCR"));
            Assert.That(error.Message, Does.Contain("may have run"));
        }

        // The late MULTI, QUEUED and EXEC replies arrive and are discarded; later commands get their own.
        _proxy.Delay = TimeSpan.Zero;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That((long)await _client.GetAsync(key), Is.EqualTo(3), "the transaction ran after its callers stopped waiting");
        Assert.That((string?)await _client.EchoAsync("in step"), Is.EqualTo("in step"));
    }

    [Test]
    public async Task A_connection_lost_before_the_exec_reply_fails_every_command_as_possibly_run()
    {
        var key = TestClients.Key("lost");
        _proxy.BlackHole = true;
        var transaction = _client.CreateTransaction();
        var set = transaction.Commands.SetAsync(key, "v");
        var get = transaction.Commands.GetAsync(key);
        var executed = transaction.ExecuteAsync();
        await Task.Delay(100);
        _proxy.DropAll();

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await executed);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        var setError = Assert.ThrowsAsync<RedisConnectionException>(async () => await set);
        Assert.That(setError!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(setError.Command, Is.EqualTo("SET"));
        Assert.That(setError.Message, Does.Contain("may have run"));
        Assert.ThrowsAsync<RedisConnectionException>(async () => await get);

        // Reconnecting takes a backoff that may exceed the short command timeout: wait for it (bounded).
        _proxy.BlackHole = false;
        for (var i = 0; i < 100 && !_client.IsConnected; i++)
        {
            await Task.Delay(50);
        }

        Assert.That((string?)await _client.EchoAsync("reconnected"), Is.EqualTo("reconnected"));
    }

    [Test]
    public async Task A_watched_transaction_whose_exec_reply_never_comes_times_out_and_its_connection_is_replaced()
    {
        var key = TestClients.Key("watched");
        var pool = _client.DedicatedPoolFor(key);
        ValueTask<bool> queued = default;

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await _client.TransactAsync([key], async (tx, ct) =>
        {
            await tx.Client.GetAsync(key, ct);
            queued = tx.Transaction.SetAsync(key, "maybe", cancellationToken: ct);
            _proxy.BlackHole = true;
        }));
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        var queuedError = Assert.ThrowsAsync<RedisTimeoutException>(async () => await queued);
        Assert.That(queuedError!.Command, Is.EqualTo("SET"));
        Assert.That(pool.LeasedCount, Is.Zero);
        Assert.That(pool.ReplacedCount, Is.EqualTo(1));

        _proxy.BlackHole = false;
        var attempts = await _client.TransactAsync([key], (tx, ct) =>
        {
            _ = tx.Transaction.SetAsync(key, "after", cancellationToken: ct);
            return ValueTask.CompletedTask;
        });
        Assert.That(attempts, Is.EqualTo(1));
        Assert.That((string?)await _client.GetAsync(key), Is.EqualTo("after"));
    }
}
