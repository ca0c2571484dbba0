using System.Text;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Client;

/// <summary>
/// Malformed and hostile replies injected by the fault proxy tear the connection down, fail what was
/// in flight, and never hand anyone a wrong value.
/// </summary>
[NonParallelizable]
public sealed class ProtocolFaultTests : DedicatedServerTests
{
    // Hostile frames must be rejected from their header: far less than any of them declares.
    private const long AllocationAllowance = 64L * 1024 * 1024;


    public static IEnumerable<TestCaseData> HostileFrames()
    {
        yield return new TestCaseData("@not a type\r\n").SetName("An unknown type byte tears the connection down");
        yield return new TestCaseData("*4294967295\r\n").SetName("An array longer than int tears the connection down");
        yield return new TestCaseData("$9223372036854775807\r\n").SetName("A bulk string of long.MaxValue bytes tears the connection down");
        yield return new TestCaseData("$-2\r\n").SetName("A negative bulk length tears the connection down");
        yield return new TestCaseData("%1073741824\r\n").SetName("A map of a billion pairs tears the connection down");
        yield return new TestCaseData(string.Concat(Enumerable.Repeat("*1\r\n", 1_000_000))).SetName("A million nested arrays tear the connection down");
        yield return new TestCaseData("+" + new string('a', 600 * 1024) + "\r\n").SetName("A 600 KB simple string line tears the connection down");
    }

    [TestCaseSource(nameof(HostileFrames))]
    public async Task Hostile_frame(string frame)
    {
        await using var proxy = await FaultProxy.StartAsync(Server.Host, Server.Port);
        await using var client = await ConnectThroughAsync(proxy);
        var key = TestClients.Key("hostile");
        await client.SetAsync(key, "mine");

        // Pause the server so a GET is in flight when the hostile bytes arrive ahead of its reply.
        await Server.CliAsync("CLIENT", "PAUSE", "400", "ALL");
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var inFlight = client.GetAsync(key).AsTask();
        await Task.Delay(50);
        await proxy.InjectToClientsAsync(Encoding.ASCII.GetBytes(frame));

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await inFlight);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        TestContext.Out.WriteLine($"allocated {allocated:N0} bytes; error: {error!.Message}");
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(error.InnerException, Is.InstanceOf<RedisProtocolException>());
        Assert.That(allocated, Is.LessThan(AllocationAllowance + (frame.Length * 4L)));
        await AssertRecoversAsync(client, key);
    }

    [Test]
    public async Task A_frame_cut_off_by_the_connection_closing_fails_the_waiting_command()
    {
        await using var proxy = await FaultProxy.StartAsync(Server.Host, Server.Port);
        await using var client = await ConnectThroughAsync(proxy);
        var key = TestClients.Key("cut");
        await client.SetAsync(key, "mine");
        await Server.CliAsync("CLIENT", "PAUSE", "400", "ALL");
        var inFlight = client.GetAsync(key).AsTask();
        await Task.Delay(50);
        await proxy.InjectToClientsAsync("$10\r\nabc"u8.ToArray());
        await Task.Delay(20);
        proxy.DropAll();

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await inFlight);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        await AssertRecoversAsync(client, key);
    }

    [Test]
    public async Task Garbage_under_load_never_delivers_a_wrong_value()
    {
        await using var proxy = await FaultProxy.StartAsync(Server.Host, Server.Port);
        await using var client = await ConnectThroughAsync(proxy);
        var prefix = TestClients.Key("load");
        var wrong = 0;
        var failures = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var callers = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var key = $"{prefix}:{i}";
            await client.SetAsync(key, key);
            for (var round = 0; round < 100_000 && !stop.IsCancellationRequested; round++)
            {
                try
                {
                    if ((string?)await client.GetAsync(key) != key)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (RedisConnectionException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        await Task.Delay(300);

        // Pause the server so commands are in flight when the garbage arrives (replies otherwise come
        // back in whole waves and the garbage lands between them).
        await Server.CliAsync("CLIENT", "PAUSE", "300", "ALL");
        await Task.Delay(50);

        // No CR or LF in the garbage: wherever it lands (between frames or inside one, since a reply
        // may span forwarded chunks), it cannot complete a well-formed frame.
        await proxy.InjectToClientsAsync("@@@@@@@@"u8.ToArray());
        await Task.WhenAll(callers);

        Assert.That(wrong, Is.Zero, "no caller may receive another caller's (or an injected) value");
        Assert.That(failures, Is.GreaterThan(0), "the injected garbage must tear the connection down");
        Assert.That(client.ReconnectCount, Is.GreaterThanOrEqualTo(1));
    }

    private static async Task AssertRecoversAsync(RedisClient client, string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                Assert.That((string?)await client.GetAsync(key), Is.EqualTo("mine"));
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    // Without retries: these tests watch the command in flight fail with the connection torn down (a
    // retried GET would succeed on the next connection instead; CommandRetryTests covers that).
    private static Task<RedisClient> ConnectThroughAsync(FaultProxy proxy) =>
        RedisClient.ConnectAsync(QuickReconnect(proxy.Port) with { Retry = RetryOptions.None }, TestClients.Logs, CancellationToken.None);
}
