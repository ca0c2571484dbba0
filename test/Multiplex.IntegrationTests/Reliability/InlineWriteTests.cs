using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Reliability;

/// <summary>
/// A caller that finds the connection's output free and nothing queued writes and sends its command
/// itself. It must never overtake a command queued before it, a flush that cannot finish at once must
/// hold the output (the writer loop waits) without holding up the caller, and cancelling or disposing
/// meanwhile must leave nobody waiting and nothing sent twice.
/// </summary>
[NonParallelizable]
public sealed class InlineWriteTests : DedicatedServerTests
{
    private const int Commands = 200;
    private const int Megabyte = 1024 * 1024;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task A_single_caller_writes_its_commands_inline()
    {
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port), TestClients.Logs);
        var connection = client.Nodes[0].Connections[0];
        var key = TestClients.Key("inline");
        var before = connection.InlineWriteCount;
        for (var i = 1; i <= Commands; i++)
        {
            Assert.That(await client.IncrAsync(key), Is.EqualTo(i));
        }

        var inline = connection.InlineWriteCount - before;
        TestContext.Out.WriteLine($"{inline} of {Commands} commands written inline");
        Assert.That(inline, Is.GreaterThanOrEqualTo(Commands * 9 / 10), "one caller at a time finds the output free");
    }

    [Test]
    public async Task A_batch_of_small_commands_is_written_inline_as_one_unit_and_a_large_one_is_not()
    {
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port) with { CommandTimeout = Patience }, TestClients.Logs);
        var connection = client.Nodes[0].Connections[0];
        var key = TestClients.Key("batch");

        var before = connection.InlineWriteCount;
        var batch = client.CreateBatch();
        var increments = Enumerable.Range(0, 100).Select(_ => batch.Commands.IncrAsync(key).AsTask()).ToArray();
        await batch.ExecuteAsync();
        Assert.That(connection.InlineWriteCount - before, Is.EqualTo(1), "the batch, one unit, written by its caller");
        for (var i = 0; i < increments.Length; i++)
        {
            Assert.That(await increments[i], Is.EqualTo(i + 1));
        }

        // Over 256 KiB together: copied by the writer loop, which flushes as it goes, not by the caller.
        before = connection.InlineWriteCount;
        var large = client.CreateBatch();
        var sets = Enumerable.Range(0, 5).Select(i => large.Commands.SetAsync($"{key}:{i}", new byte[100 * 1024]).AsTask()).ToArray();
        var count = large.Commands.IncrAsync(key).AsTask();
        await large.ExecuteAsync();
        await Task.WhenAll(sets);
        Assert.That(await count, Is.EqualTo(101));
        Assert.That(connection.InlineWriteCount - before, Is.Zero);
    }

    [Test]
    public async Task A_command_issued_right_after_a_large_one_is_not_written_before_it()
    {
        // Over 4 MiB, so the SET goes through the writer loop (written from its own buffer); the GET
        // right behind it finds the output free more often than not, and must still wait its turn.
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port) with { CommandTimeout = Patience }, TestClients.Logs);
        var key = TestClients.Key("behind-large");
        for (var round = 0; round < 20; round++)
        {
            var value = new byte[5 * Megabyte];
            value.AsSpan().Fill((byte)('a' + round));
            var set = client.SetAsync(key, value).AsTask();
            var get = client.GetAsync(key).AsTask();
            await set;
            var read = (byte[]?)await get;
            Assert.That(read, Is.Not.Null);
            Assert.That(read!.Length, Is.EqualTo(value.Length), $"round {round}: the GET overtook the SET");
            Assert.That(read[0], Is.EqualTo(value[0]), $"round {round}: the GET overtook the SET");
        }
    }

    [Test]
    public async Task Commands_behind_a_stalled_inline_flush_wait_and_all_complete_in_order_once_it_moves()
    {
        var transport = new GatedTransport();
        await using var client = await RedisClient.ConnectAsync(Stalled(transport), TestClients.Logs);
        var connection = client.Nodes[0].Connections[0];
        var key = TestClients.Key("stalled");

        transport.Close();
        var before = connection.InlineWriteCount;
        var increments = Enumerable.Range(0, Commands).Select(_ => client.IncrAsync(key).AsTask()).ToArray();

        // The first caller wrote inline and its flush waits at the gate; the callers behind it did not
        // wait for it, and nothing is answered yet.
        await Task.Delay(100);
        Assert.That(connection.InlineWriteCount - before, Is.EqualTo(1), "only the first command finds the output free");
        Assert.That(transport.HeldWrites, Is.GreaterThanOrEqualTo(1));
        Assert.That(increments.Count(task => task.IsCompleted), Is.Zero);

        transport.Open();
        for (var i = 0; i < Commands; i++)
        {
            Assert.That(await increments[i], Is.EqualTo(i + 1), "replies in the order the callers issued the commands");
        }

        Assert.That(await client.IncrAsync(key), Is.EqualTo(Commands + 1), "the connection goes on as usual");
    }

    [Test]
    public async Task A_caller_cancelled_behind_a_stalled_inline_flush_is_released_and_its_command_never_runs()
    {
        var transport = new GatedTransport();
        await using var client = await RedisClient.ConnectAsync(Stalled(transport), TestClients.Logs);
        var key = TestClients.Key("stalled-cancel");

        transport.Close();
        var first = client.IncrAsync(key).AsTask();
        using var cancel = new CancellationTokenSource();
        var cancelled = client.IncrByAsync(key, 1000, cancel.Token).AsTask();
        var last = client.IncrAsync(key).AsTask();
        await Task.Delay(50);
        await cancel.CancelAsync();

        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(first.IsCompleted || last.IsCompleted, Is.False, "the others still wait for the gate");
        transport.Open();
        Assert.That(await first, Is.EqualTo(1));
        Assert.That(await last, Is.EqualTo(2), "the cancelled INCRBY was never sent");
    }

    [Test]
    public async Task Disposing_the_client_during_a_stalled_inline_flush_fails_every_caller_and_returns()
    {
        var transport = new GatedTransport();
        var client = await RedisClient.ConnectAsync(Stalled(transport), TestClients.Logs);
        var key = TestClients.Key("stalled-dispose");

        transport.Close();
        var increments = Enumerable.Range(0, Commands).Select(_ => client.IncrAsync(key).AsTask()).ToArray();
        await Task.Delay(50);

        var dispose = client.DisposeAsync().AsTask();
        Assert.That(await Task.WhenAny(dispose, Task.Delay(Patience)), Is.SameAs(dispose), "DisposeAsync returns while a flush is stalled");
        await dispose;
        foreach (var increment in increments)
        {
            var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await increment);
            Assert.That(error!.Message, Does.Contain(Server.Endpoint));
        }

        Assert.That((await Server.CliAsync("GET", key)).Trim(), Is.Empty.Or.EqualTo("1"), "at most the first INCR, the one at the gate, may have reached the server");
    }

    private RedisClientOptions Stalled(GatedTransport transport) => TestClients.OptionsFor(Server.Port) with
    {
        TransportFactory = transport.Factory,
        CommandTimeout = Patience,
        HeartbeatInterval = TimeSpan.Zero,
    };
}
