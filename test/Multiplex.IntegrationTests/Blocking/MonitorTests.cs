using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>MONITOR as an async stream on its own dedicated connection, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
[NonParallelizable] // MONITOR sees every client's commands, and the tests count the server's monitors.
public sealed class MonitorTests(ServerKind kind)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private RedisClient _admin = null!;
    private RedisClient _other = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _admin = await TestClients.ConnectAsync(kind, options => options with { AllowAdminCommands = true });
        _other = await TestClients.ConnectAsync(kind);
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Test]
    public async Task Monitor_sees_a_command_another_client_sends_with_its_exact_arguments()
    {
        var key = TestClients.Key("monitored");
        byte[] value = [(byte)'q', (byte)'"', (byte)'\\', (byte)'\n', 0, 0xFF, (byte)' ', (byte)'z'];
        using var stop = new CancellationTokenSource(Limit);
        var seen = FirstEntryAsync(entry => entry.Command == "SET" && entry.Arguments.Length > 1 && (string?)entry.Arguments[1] == key, stop.Token);

        // MONITOR starts when the enumeration does: repeat the command until the monitor has seen it.
        for (var attempt = 0; attempt < 100 && !seen.IsCompleted; attempt++)
        {
            await _other.SetAsync(key, value);
            await Task.WhenAny(seen, Task.Delay(50));
        }

        var entry = await seen;
        Assert.That(entry.Database, Is.Zero);
        Assert.That(entry.ClientAddress, Does.Match(TestClients.ClientAddressPattern));
        Assert.That(entry.Arguments, Has.Length.EqualTo(3));
        Assert.That((byte[]?)entry.Arguments[2], Is.EqualTo(value));
        Assert.That(entry.Timestamp, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public async Task Cancelling_the_monitor_stops_it_and_its_connection_is_closed_and_replaced()
    {
        var pool = _admin.DedicatedPoolFor(default);
        var replacedBefore = pool.ReplacedCount;
        using var source = new CancellationTokenSource();
        var received = 0;
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitoring = Task.Run(async () =>
        {
            await foreach (var entry in _admin.MonitorAsync(source.Token))
            {
                Interlocked.Increment(ref received);
                firstSeen.TrySetResult();
            }
        });

        for (var attempt = 0; attempt < 100 && !firstSeen.Task.IsCompleted && !monitoring.IsCompleted; attempt++)
        {
            await _other.PingAsync();
            await Task.WhenAny(firstSeen.Task, monitoring, Task.Delay(50));
        }

        Assert.That(firstSeen.Task.IsCompleted, Is.True, "the monitor saw nothing");
        var watch = Stopwatch.StartNew();
        await source.CancelAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await monitoring.WaitAsync(Limit));
        TestContext.Out.WriteLine($"monitor stopped {watch.Elapsed.TotalMilliseconds:0} ms after cancellation");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        Assert.That(received, Is.GreaterThanOrEqualTo(1));
        await BlockingWaits.UntilAsync(() => pool.LeasedCount == 0, "the monitor connection's return");
        Assert.That(pool.ReplacedCount, Is.EqualTo(replacedBefore + 1), "the monitoring connection is closed, not reused");
        await AssertNoMonitorOnTheServerAsync();
    }

    [Test]
    public async Task Leaving_the_loop_closes_the_monitor_connection()
    {
        var pool = _admin.DedicatedPoolFor(default);
        var replacedBefore = pool.ReplacedCount;
        using var limit = new CancellationTokenSource(Limit);
        var first = FirstEntryAsync(_ => true, limit.Token);
        for (var attempt = 0; attempt < 100 && !first.IsCompleted; attempt++)
        {
            await _other.PingAsync();
            await Task.WhenAny(first, Task.Delay(50));
        }

        Assert.That((await first).Command, Is.Not.Empty);
        Assert.That(pool.LeasedCount, Is.Zero);
        Assert.That(pool.ReplacedCount, Is.EqualTo(replacedBefore + 1));
        await AssertNoMonitorOnTheServerAsync();

        // The pool opens a fresh connection for the next lease.
        Assert.That(await _admin.BLPopAsync([TestClients.Key("after")], TimeSpan.FromMilliseconds(10)), Is.Null);
    }

    [Test]
    public void Monitor_is_an_admin_command()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _other.MonitorAsync());
        Assert.That(error!.Message, Does.Contain("MONITOR").And.Contain("AllowAdminCommands"));
    }

    private Task<MonitorEntry> FirstEntryAsync(Func<MonitorEntry, bool> match, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        await foreach (var entry in _admin.MonitorAsync(cancellationToken))
        {
            if (match(entry))
            {
                return entry;
            }
        }

        throw new AssertionException("the monitor stream ended");
    });

    private async Task AssertNoMonitorOnTheServerAsync()
    {
        // CLIENT LIST shows a monitoring connection with flag O; it is gone once the connection closes.
        var watch = Stopwatch.StartNew();
        string clients;
        do
        {
            clients = (string?)await _other.ExecuteAsync("CLIENT", ["LIST"]) ?? string.Empty;
        }
        while (clients.Contains("flags=O", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(5) && await Delay());

        Assert.That(clients, Does.Not.Contain("flags=O"));

        static async Task<bool> Delay()
        {
            await Task.Delay(20);
            return true;
        }
    }
}
