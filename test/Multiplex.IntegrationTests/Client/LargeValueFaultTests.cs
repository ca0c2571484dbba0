using System.Text;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// Large values when things go wrong, and what they cost: a connection lost in the middle of a large
/// reply or of a large write fails the command as "may have run" and the client recovers; a large
/// SET or GET allocates about the value once (measured on all threads, so the fixture runs alone).
/// </summary>
[NonParallelizable]
public sealed class LargeValueFaultTests : DedicatedServerTests
{
    private const int Megabyte = 1024 * 1024;

    // What a large operation may allocate beyond the one copy of its value: the command, its task,
    // the frame built around the reply, and whatever the client's loops allocate meanwhile.
    private const long AllocationAllowance = 2 * Megabyte;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_connection_cut_in_the_middle_of_a_large_reply_fails_the_command_as_may_have_run()
    {
        await using var proxy = await FaultProxy.StartAsync(Server.Host, Server.Port);
        await using var client = await RedisClient.ConnectAsync(QuickReconnect(proxy.Port) with { CommandTimeout = Timeout }, TestClients.Logs);
        var key = TestClients.Key("cut");
        await client.SetAsync(key, "mine");

        // The server is paused, so the GET's reply is the injected head of a 5 MB value and part of it.
        // Not retried, so that its caller sees the failure rather than the next connection's reply.
        await Server.CliAsync("CLIENT", "PAUSE", "500", "ALL");
        var inFlight = client.WithRetryMode(RetryMode.Never).GetAsync(key).AsTask();
        await Task.Delay(50);
        await proxy.InjectToClientsAsync(Encoding.ASCII.GetBytes($"${5 * Megabyte}\r\n"));
        await proxy.InjectToClientsAsync(new byte[300 * 1024]);
        await Task.Delay(50);
        proxy.DropAll();

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await inFlight);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        await WaitUntilAsync(() => client.IsConnected);
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("mine"));
    }

    // 100 KB: a pooled buffer, held by the write; 5 MB: a buffer allocated for the command.
    [TestCase(100 * 1024)]
    [TestCase(5 * Megabyte)]
    public async Task A_large_write_that_fails_part_way_fails_the_set_as_may_have_run_and_the_value_is_unchanged(int size)
    {
        var transport = new FaultyTransport(writeFailureEvery: 1) { Enabled = false };
        await using var client = await RedisClient.ConnectAsync(
            QuickReconnect(Server.Port) with { CommandTimeout = Timeout, TransportFactory = transport.Factory }, TestClients.Logs);
        var key = TestClients.Key("half");
        await client.SetAsync(key, "before");

        // The next write, the large SET's own (over 64 KiB: written from its buffer), sends half of the frame and fails.
        transport.Enabled = true;
        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.SetAsync(key, new byte[size]));
        transport.Enabled = false;

        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(transport.Faults, Is.GreaterThanOrEqualTo(1)); // a reconnect may have met the fault too
        await WaitUntilAsync(() => client.IsConnected);
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"), "half a command is never run");

        // Buffers go back to the pool and come out again for the next large values: each is sent whole.
        var other = TestClients.Key("half:other");
        for (var round = 0; round < 4; round++)
        {
            var value = new byte[size];
            new Random(round).NextBytes(value);
            await client.SetAsync(other, value);
            var read = (byte[]?)await client.GetAsync(other);
            Assert.That(read is not null && read.AsSpan().SequenceEqual(value), Is.True, $"round {round}");
        }

        await client.DelAsync([key, other]);
    }

    [Test]
    public async Task A_large_set_and_a_large_get_each_allocate_about_the_value_once()
    {
        const int Size = 20 * Megabyte;
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port) with { CommandTimeout = Timeout }, TestClients.Logs);
        var key = TestClients.Key("cost");
        var value = new byte[Size];
        Random.Shared.NextBytes(value);
        await client.SetAsync(key, value); // the first round trip compiles the paths
        await client.GetAsync(key);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await client.SetAsync(key, value);
        var set = GC.GetTotalAllocatedBytes(precise: true) - before;
        before = GC.GetTotalAllocatedBytes(precise: true);
        var read = (byte[]?)await client.GetAsync(key);
        var get = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Out.WriteLine($"SET allocated {set:N0} bytes, GET {get:N0} bytes, for a value of {Size:N0}");
        Assert.That(read, Has.Length.EqualTo(Size));
        Assert.That(set, Is.LessThan(Size + AllocationAllowance), "SET: the value is copied into the command's buffer, and not again into the pipe");
        Assert.That(get, Is.LessThan(Size + AllocationAllowance), "GET: the reply is read into the array returned, and not first into the pipe");
    }

    [Test]
    public async Task A_lease_in_a_batch_takes_over_the_buffer_its_large_reply_was_received_into()
    {
        const int Size = 20 * Megabyte;
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port) with { CommandTimeout = Timeout }, TestClients.Logs);
        var key = TestClients.Key("batch-lease");
        var small = TestClients.Key("batch-lease:small");
        var value = new byte[Size];
        Random.Shared.NextBytes(value);
        await client.SetAsync(key, value);
        await client.SetAsync(small, "s");

        // Three leases of the value's size given back to the shared pool from this thread: one stays in
        // the thread's own slot, the others go where any thread's rent finds them, so the measured batch
        // rents its buffer instead of allocating one, and only a copy of the value can show up below.
        var warmUp = client.CreateBatch();
        var warmUpLeases = Enumerable.Range(0, 3).Select(_ => warmUp.Commands.GetLeaseAsync(key).AsTask()).ToArray();
        await warmUp.ExecuteAsync();
        foreach (var lease in await Task.WhenAll(warmUpLeases))
        {
            lease!.Dispose();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var batch = client.CreateBatch();
        var first = batch.Commands.GetAsync(small);
        var leased = batch.Commands.GetLeaseAsync(key);
        var last = batch.Commands.GetAsync(small);
        await batch.ExecuteAsync();
        using var read = await leased;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.Out.WriteLine($"a batch with a lease of {Size:N0} bytes allocated {allocated:N0} bytes");
        Assert.That((string?)await first, Is.EqualTo("s"));
        Assert.That((string?)await last, Is.EqualTo("s"));
        Assert.That(read, Is.Not.Null);
        Assert.That(read!.Span.SequenceEqual(value), Is.True, "the lease holds the value, byte for byte");
        Assert.That(allocated, Is.LessThan(AllocationAllowance), "the reply is received into the lease's pooled buffer, not into an array the lease copies");
        await client.DelAsync([key, small]);
    }
}
