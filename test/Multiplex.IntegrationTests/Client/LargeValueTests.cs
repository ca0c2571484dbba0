using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// Large values, which are written to the transport from the command's own buffer and read from it
/// into one array of their size, round-trip byte-exact over RESP3 and RESP2: on their own, mixed with
/// small commands, inside a batch, on a dedicated session, arriving in many small reads, and for a
/// caller that has gone.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class LargeValueTests(ServerKind kind) : ServerTestBase
{
    private const int Megabyte = 1024 * 1024;

    // A 100 MB round trip takes a second or more on a busy test machine; the default 5 s is too close.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private RedisClient _client = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _client = await TestClients.ConnectAsync(kind, options => options with { CommandTimeout = Timeout });

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _client.DisposeAsync();

    [TestCase(1 * Megabyte)]
    [TestCase(100 * Megabyte)]
    public async Task A_large_value_round_trips_byte_exact_through_set_and_get(int size)
    {
        var key = TestClients.Key("large");
        var value = Value(size, seed: 1);

        Assert.That(await _client.SetAsync(key, value), Is.True);
        var first = (byte[]?)await _client.GetAsync(key);
        var second = (byte[]?)await _client.GetAsync(key);

        AssertSameBytes(first, value);
        AssertSameBytes(second, value);
        Assert.That(second, Is.Not.SameAs(first), "every reply is an array of its own");
        Assert.That(await _client.StrLenAsync(key), Is.EqualTo(size));
        await _client.DelAsync(key);
    }

    [TestCase(1 * Megabyte)]
    [TestCase(100 * Megabyte)]
    public async Task Large_values_round_trip_inside_a_batch_between_small_commands(int size)
    {
        var (large, small) = (TestClients.Key("large"), TestClients.Key("small"));
        var value = Value(size, seed: 2);
        var batch = _client.CreateBatch();
        var setSmall = batch.Commands.SetAsync(small, "before");
        var setLarge = batch.Commands.SetAsync(large, value);
        var getLarge = batch.Commands.GetAsync(large);
        var getSmall = batch.Commands.GetAsync(small);
        var length = batch.Commands.StrLenAsync(large);
        var getLargeAgain = batch.Commands.GetAsync(large);

        await batch.ExecuteAsync();

        Assert.That(await setSmall, Is.True);
        Assert.That(await setLarge, Is.True);
        AssertSameBytes((byte[]?)await getLarge, value);
        Assert.That((string?)await getSmall, Is.EqualTo("before"));
        Assert.That(await length, Is.EqualTo(size));
        AssertSameBytes((byte[]?)await getLargeAgain, value);
        await _client.DelAsync([large, small]);
    }

    [TestCase(1 * Megabyte)]
    [TestCase(100 * Megabyte)]
    public async Task A_large_value_round_trips_on_a_dedicated_session(int size)
    {
        var key = TestClients.Key("session");
        var value = Value(size, seed: 5);
        await using var session = await _client.LeaseDedicatedSessionAsync(key);

        Assert.That(await session.Commands.SetAsync(key, value), Is.True);
        AssertSameBytes((byte[]?)await session.Commands.GetAsync(key), value);
        using (var lease = await session.Commands.GetLeaseAsync(key))
        {
            AssertSameBytes(lease!.Span.ToArray(), value);
        }

        Assert.That((string?)await session.Commands.EchoAsync("after"), Is.EqualTo("after"));
        await session.Commands.DelAsync(key);
    }

    [Test]
    public async Task Large_and_small_commands_sent_together_each_get_their_own_reply()
    {
        var prefix = TestClients.Key("mixed");
        // Over 4 MiB, so their frames are written from the commands' own buffers.
        var values = Enumerable.Range(0, 4).Select(i => Value((5 * Megabyte) + i, seed: 10 + i)).ToArray();

        // Not awaited one by one: small frames in the pipe and large ones written from their own
        // buffers must leave in the order they were queued, and the replies come back the same way.
        var sets = values.Select((value, i) => _client.SetAsync($"{prefix}:{i}", value).AsTask()).ToArray();
        var counters = Enumerable.Range(0, values.Length).Select(_ => _client.IncrAsync($"{prefix}:counter").AsTask()).ToArray();
        await Task.WhenAll(sets);
        var gets = values.Select((_, i) => _client.GetAsync($"{prefix}:{i}").AsTask()).ToArray();
        var echoes = values.Select((_, i) => _client.EchoAsync($"echo {i}").AsTask()).ToArray();
        await Task.WhenAll(gets.Concat<Task>(echoes).Concat(counters));

        Assert.That(counters.Select(counter => counter.Result).Order(), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
        for (var i = 0; i < values.Length; i++)
        {
            AssertSameBytes((byte[]?)gets[i].Result, values[i]);
            Assert.That((string?)echoes[i].Result, Is.EqualTo($"echo {i}"));
        }

        Assert.That(_client.ReconnectCount, Is.Zero);
    }

    // 7-byte pieces split even the bulk header ("$102400\r\n") across reads.
    [TestCase(100 * 1024, 7)]
    [TestCase(3 * Megabyte, 1000)]
    public async Task A_large_value_arriving_in_many_small_reads_round_trips(int size, int splitSize)
    {
        var server = await SharedServers.StandaloneAsync();
        await using var proxy = await FaultProxy.StartAsync(server.Host, server.Port);
        await using var client = await RedisClient.ConnectAsync(
            TestClients.OptionsFor(proxy.Port) with { Protocol = Protocol, CommandTimeout = Timeout }, TestClients.Logs);
        var key = TestClients.Key("split");
        var value = Value(size, seed: 3);
        await client.SetAsync(key, value);
        proxy.SplitSize = splitSize;
        var writesBefore = proxy.ForwardedWrites;

        var read = (byte[]?)await client.GetAsync(key);
        var after = await client.EchoAsync("after");

        AssertSameBytes(read, value);
        Assert.That((string?)after, Is.EqualTo("after"));
        Assert.That(proxy.ForwardedWrites - writesBefore, Is.GreaterThanOrEqualTo(size / splitSize), "the reply arrived in pieces");
        await client.DelAsync(key);
    }

    [TestCase(false, TestName = "The large reply of a cancelled caller is read and discarded and the next caller gets its own")]
    [TestCase(true, TestName = "The large lease of a cancelled caller is read and dropped and the next caller gets its own")]
    public async Task The_large_reply_of_a_cancelled_caller_is_read_and_discarded_and_the_next_caller_gets_its_own(bool lease)
    {
        var server = await SharedServers.StandaloneAsync();
        await using var proxy = await FaultProxy.StartAsync(server.Host, server.Port);
        await using var client = await RedisClient.ConnectAsync(
            TestClients.OptionsFor(proxy.Port) with { Protocol = Protocol, CommandTimeout = Timeout }, TestClients.Logs);
        var (large, small) = (TestClients.Key("large"), TestClients.Key("small"));
        var value = Value(8 * Megabyte, seed: 4);
        await client.SetAsync(large, value);
        await client.SetAsync(small, "mine");

        // The proxy holds each chunk back, so the large reply is still arriving when the caller leaves.
        proxy.Delay = TimeSpan.FromMilliseconds(5);
        using var cancel = new CancellationTokenSource();
        var cancelled = ReadAsync(client, large, lease, cancel.Token);
        var next = ReadAsync(client, small, lease, CancellationToken.None);
        var again = ReadAsync(client, large, lease, CancellationToken.None);
        await Task.Delay(50);
        await cancel.CancelAsync();

        Assert.ThrowsAsync<OperationCanceledException>(async () => await cancelled);
        Assert.That(System.Text.Encoding.UTF8.GetString(await next ?? []), Is.EqualTo("mine"));
        AssertSameBytes(await again, value);
        Assert.That(client.ReconnectCount, Is.Zero);
        await client.DelAsync([large, small]);
    }

    [TestCase(16)]
    [TestCase(100 * 1024)]
    [TestCase(3 * Megabyte)]
    public async Task A_value_read_into_a_lease_is_byte_exact_and_leases_in_turn_never_share_bytes(int size)
    {
        var (first, second) = (TestClients.Key("lease:a"), TestClients.Key("lease:b"));
        var (a, b) = (Value(size, seed: 5), Value(size, seed: 6));
        await _client.SetAsync(first, a);
        await _client.SetAsync(second, b);

        // One after another, so the second lease's buffer is likely the first's, back from the pool.
        using (var lease = await _client.GetLeaseAsync(first))
        {
            AssertSameBytes(lease!.Span.ToArray(), a);
        }

        using var next = await _client.GetLeaseAsync(second);
        var plain = (byte[]?)await _client.GetAsync(first);
        using var again = await _client.GetLeaseAsync(first);

        AssertSameBytes(next!.Span.ToArray(), b);
        AssertSameBytes(plain, a);
        AssertSameBytes(again!.Span.ToArray(), a);
        Assert.That(again.Length, Is.EqualTo(size));
        Assert.That(await _client.GetLeaseAsync(TestClients.Key("lease:missing")), Is.Null);
        await _client.DelAsync([first, second]);
    }

    [Test]
    public async Task Leases_of_large_values_in_a_batch_and_many_at_once_each_hold_their_own_value()
    {
        var keys = Enumerable.Range(0, 8).Select(i => (RedisKey)TestClients.Key($"lease:many:{i}")).ToArray();
        var values = keys.Select((_, i) => Value(200 * 1024, seed: 10 + i)).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            await _client.SetAsync(keys[i], values[i]);
        }

        var batch = _client.CreateBatch();
        var inBatch = keys.Select(key => batch.Commands.GetLeaseAsync(key).AsTask()).ToArray();
        await batch.ExecuteAsync();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => _client.GetLeaseAsync(keys[i % keys.Length]).AsTask()));

        for (var i = 0; i < keys.Length; i++)
        {
            using var lease = await inBatch[i];
            AssertSameBytes(lease!.Span.ToArray(), values[i]);
        }

        for (var i = 0; i < concurrent.Length; i++)
        {
            AssertSameBytes(concurrent[i]!.Span.ToArray(), values[i % keys.Length]);
            concurrent[i]!.Dispose();
        }

        await _client.DelAsync(keys);
    }

    // A GET into an array of its own, or into a lease whose bytes are copied out before it is disposed.
    private static async Task<byte[]?> ReadAsync(RedisClient client, RedisKey key, bool lease, CancellationToken cancellationToken)
    {
        if (!lease)
        {
            return (byte[]?)await client.GetAsync(key, cancellationToken);
        }

        using var leased = await client.GetLeaseAsync(key, cancellationToken);
        return leased?.Span.ToArray();
    }

    private RedisProtocol Protocol => kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3;

    private static byte[] Value(int size, int seed)
    {
        var value = new byte[size];
        new Random(seed).NextBytes(value);
        return value;
    }

    // NUnit's collection comparison is slow for 100 MB and prints both arrays when it fails.
    private static void AssertSameBytes(byte[]? actual, byte[] expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual!.Length, Is.EqualTo(expected.Length));
        var mismatch = actual.AsSpan().CommonPrefixLength(expected);
        Assert.That(mismatch, Is.EqualTo(expected.Length), $"the bytes differ from offset {mismatch:N0}");
    }
}
