using System.Collections.Concurrent;
using System.Globalization;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Reliability;

/// <summary>
/// Retries after a lost connection (<see cref="RetryOptions"/>): CLIENT KILL of the client's shared
/// connection, issued from another connection, with commands in flight. Writes are paused first
/// (CLIENT KILL is not a write, so it still runs) so that commands are still waiting in flight when the
/// connection dies; a paused client's commands do not run when it is killed.
/// </summary>
[NonParallelizable]
public sealed class CommandRetryTests : DedicatedServerTests
{
    private const string Steady = "steady";

    [Test]
    [CancelAfter(120_000)]
    public async Task Client_kill_under_load_retries_reads_and_never_runs_an_increment_twice()
    {
        await using var client = await ConnectAsync(options => options with { CommandTimeout = TimeSpan.FromSeconds(30) });
        using var retries = new RetryCounter(Server.Port);
        var readKey = TestClients.Key("read");
        await client.SetAsync(readKey, Steady);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var readErrors = new ConcurrentQueue<string>();
        long reads = 0;
        var counters = Enumerable.Range(0, 40).Select(i => new IncrementLog(TestClients.Key($"counter{i}"))).ToArray();
        const int MaxRoundsPerCaller = 50_000;

        var readers = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            for (var round = 0; round < MaxRoundsPerCaller && !stop.IsCancellationRequested; round++)
            {
                try
                {
                    var value = await client.GetAsync(readKey);
                    if ((string?)value != Steady)
                    {
                        readErrors.Enqueue($"GET returned '{value}'");
                    }

                    Interlocked.Increment(ref reads);
                }
                catch (Exception ex)
                {
                    readErrors.Enqueue(ex.ToString());
                }
            }
        })).ToArray();
        var incrementers = counters.Select(log => Task.Run(async () =>
        {
            for (var round = 0; round < MaxRoundsPerCaller && !stop.IsCancellationRequested; round++)
            {
                await log.IncrementAsync(client);
            }
        })).ToArray();

        await WaitUntilAsync(() => Interlocked.Read(ref reads) > 2_000 && counters.Sum(log => log.Successes) > 2_000, TimeSpan.FromSeconds(30));
        await KillSharedConnectionWithWritesPausedAsync(client);
        await WaitUntilAsync(() => counters.Any(log => log.Unknowns > 0), TimeSpan.FromSeconds(30));
        var successesAfterKill = counters.Sum(log => log.Successes) + 2_000;
        var readsAfterKill = Interlocked.Read(ref reads) + 2_000;
        await WaitUntilAsync(() => counters.Sum(log => log.Successes) > successesAfterKill && Interlocked.Read(ref reads) > readsAfterKill, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Task.WhenAll(readers.Concat(incrementers));

        // One more INCR per counter, after the storm, closes each counter's record: its reply shows
        // whether the "may have run" INCRs since the last success ran.
        foreach (var log in counters)
        {
            await log.IncrementAsync(client);
        }

        Assert.That(readErrors, Is.Empty, "reads in flight at the kill are retried and succeed");
        Assert.That(retries.For("GET"), Is.GreaterThan(0), "no GET was in flight at the kill, so nothing tested the retry");
        Assert.That(retries.For("INCR"), Is.Zero, "INCR is not idempotent: one that may have run is not sent again");
        Assert.That(counters.Sum(log => log.Unknowns), Is.GreaterThan(0), "no INCR was in flight at the kill");
        Assert.That(counters.SelectMany(log => log.UnknownMessages), Has.All.Contain("may have run"));
        Assert.That(counters.SelectMany(log => log.OtherErrors), Is.Empty, "an INCR failed otherwise than as 'may have run' (one not sent waits for the reconnect and runs)");
        Assert.That(counters.SelectMany(log => log.Violations), Is.Empty, "an INCR ran twice, or a reply went to the wrong caller");
        foreach (var log in counters)
        {
            var value = (long)await client.GetAsync(log.Key);
            Assert.That(value, Is.EqualTo(log.Successes + log.UnknownsThatRan), $"{log.Key}: the server's count is the INCRs that succeeded plus the 'may have run' ones that ran");
            Assert.That(log.UnknownsThatRan, Is.InRange(0, log.Unknowns));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_view_that_opts_in_retries_an_increment_that_may_have_run_and_one_that_opts_out_does_not_retry_a_read()
    {
        await using var client = await ConnectAsync();
        var plainKey = TestClients.Key("plain");
        var optedInKey = TestClients.Key("opted-in");
        var readKey = TestClients.Key("read");
        await client.SetAsync(readKey, Steady);
        Assert.That(client.RetryMode, Is.EqualTo(RetryMode.IdempotentOnly));
        var always = client.WithRetryMode(RetryMode.Always);
        var never = client.WithRetryMode(RetryMode.Never);
        Assert.That(always.RetryMode, Is.EqualTo(RetryMode.Always));
        Assert.That(client.WithRetryMode(RetryMode.IdempotentOnly), Is.SameAs(client));

        Task<long>? plain = null;
        Task<long>? optedIn = null;
        Task<RedisValue>? read = null;
        Task<RedisValue>? optedOutRead = null;
        await KillSharedConnectionWithWritesPausedAsync(client, () =>
        {
            plain = client.IncrAsync(plainKey).AsTask();
            optedIn = always.IncrAsync(optedInKey).AsTask();
            read = client.GetAsync(readKey).AsTask();
            optedOutRead = never.GetAsync(readKey).AsTask();
            return 4;
        });

        var plainError = Assert.ThrowsAsync<RedisConnectionException>(async () => await plain!);
        Assert.That(plainError!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(plainError.Message, Does.Contain("may have run"));

        // The killed connection's INCR was paused, so it did not run: the retry is its only run.
        Assert.That(await optedIn!, Is.EqualTo(1));
        Assert.That((string?)await read!, Is.EqualTo(Steady));
        var optedOutError = Assert.ThrowsAsync<RedisConnectionException>(async () => await optedOutRead!);
        Assert.That(optedOutError!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That((long)await client.GetAsync(optedInKey), Is.EqualTo(1));
        Assert.That((long?)await client.GetAsync(plainKey), Is.Null, "the plain INCR was not sent again");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task With_no_retries_a_read_in_flight_fails_as_may_have_run()
    {
        await using var client = await ConnectAsync(options => options with { Retry = RetryOptions.None });
        var readKey = TestClients.Key("read");
        await client.SetAsync(readKey, Steady);
        Assert.That(client.WithRetryMode(RetryMode.Always).RetryMode, Is.EqualTo(RetryMode.Always));

        Task<long>? increment = null;
        Task<RedisValue>? read = null;
        Task<RedisValue>? optedInRead = null;
        await KillSharedConnectionWithWritesPausedAsync(client, () =>
        {
            increment = client.IncrAsync(TestClients.Key("counter")).AsTask();
            read = client.GetAsync(readKey).AsTask();
            optedInRead = client.WithRetryMode(RetryMode.Always).GetAsync(readKey).AsTask();
            return 3;
        });

        foreach (var failed in new Task[] { increment!, read!, optedInRead! })
        {
            var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await failed);
            Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        }

        Assert.That((string?)await client.GetAsync(readKey), Is.EqualTo(Steady), "the client reconnects as before");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_retry_waits_no_longer_than_the_commands_own_timeout()
    {
        // A backoff far longer than the timeout: the retry must give up at the command's deadline, not
        // wait the backoff out, and it says the command may have run (its first send was written).
        await using var client = await ConnectAsync(options => options with
        {
            CommandTimeout = TimeSpan.FromSeconds(2),
            Retry = new RetryOptions { Backoff = new ConstantBackoff(TimeSpan.FromHours(1)) },
        });
        var readKey = TestClients.Key("read");
        await client.SetAsync(readKey, Steady);

        Task<RedisValue>? read = null;
        await KillSharedConnectionWithWritesPausedAsync(client, () =>
        {
            _ = client.IncrAsync(TestClients.Key("blocker")).AsTask().ContinueWith(static task => task.Exception, TaskScheduler.Default);
            read = client.GetAsync(readKey).AsTask();
            return 2;
        });

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await read!);
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(error.Message, Does.Contain("timed out after 2000 ms waiting to be sent again"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_command_cancelled_while_waiting_for_its_retry_is_not_sent_again()
    {
        await using var client = await ConnectAsync(options => options with
        {
            Retry = new RetryOptions { Backoff = new ConstantBackoff(TimeSpan.FromMilliseconds(500)) },
        });
        var key = TestClients.Key("cancelled");
        var always = client.WithRetryMode(RetryMode.Always);
        using var cancel = new CancellationTokenSource();
        using var retries = new RetryCounter(Server.Port);
        var dropped = DroppedRetries();

        Task<long>? increment = null;
        await KillSharedConnectionWithWritesPausedAsync(client, () =>
        {
            increment = always.IncrAsync(key, cancel.Token).AsTask();
            return 1;
        });

        // Cancelled once the dead connection has handed the INCR to its retry, during the backoff.
        await WaitUntilAsync(() => retries.For("INCR") > 0);
        await cancel.CancelAsync();

        var error = Assert.CatchAsync<OperationCanceledException>(async () => await increment!);
        Assert.That(error!.Message, Does.Contain("may have run"), "its first send was written before the connection died");

        // The retry wakes after its backoff, finds its caller gone and drops the command.
        await WaitUntilAsync(() => DroppedRetries() > dropped);
        Assert.That((long?)await client.GetAsync(key), Is.Null, "the cancelled INCR was sent again");
    }

    private static int DroppedRetries() =>
        CapturedLogs.All.Count(line => line.Contains("[1501] INCR was not sent again", StringComparison.Ordinal));

    /// <summary>
    /// Pauses writes, lets <paramref name="issue"/> send commands (it returns how many; they wait in
    /// flight behind the pause), kills the client's shared connection from another connection, and
    /// unpauses. Without <paramref name="issue"/>, kills whatever the client has in flight.
    /// </summary>
    private async Task KillSharedConnectionWithWritesPausedAsync(RedisClient client, Func<int>? issue = null)
    {
        var connection = client.Nodes[0].Connections[0];
        var id = ((long)await client.ExecuteAsync("CLIENT", ["ID"])).ToString(CultureInfo.InvariantCulture);
        await Server.CliAsync("CLIENT", "PAUSE", "10000", "WRITE");
        try
        {
            if (issue is not null)
            {
                var count = issue();
                await WaitUntilAsync(() => connection.InFlightCount >= count);
            }
            else
            {
                await Task.Delay(50); // lets the load's writes pile up in flight behind the pause
            }

            await Server.CliAsync("CLIENT", "KILL", "ID", id);
        }
        finally
        {
            await Server.CliAsync("CLIENT", "UNPAUSE");
        }
    }

    private Task<RedisClient> ConnectAsync(Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = QuickReconnect(Server.Port);
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }

    /// <summary>
    /// One caller's INCRs of its own key, one at a time. INCR replies with the new count, so the gap
    /// between two successive replies is the number of INCRs between them that ran: it may only cover
    /// the ones that failed as "may have run" meanwhile. A larger gap is an INCR that ran twice; a
    /// smaller one, a reply to the wrong caller.
    /// </summary>
    private sealed class IncrementLog(string key)
    {
        private long _lastSeen;
        private int _unknownsSinceSuccess;

        public string Key => key;

        public int Successes { get; private set; }

        public int Unknowns { get; private set; }

        public long UnknownsThatRan { get; private set; }

        public ConcurrentQueue<string> UnknownMessages { get; } = new();

        public ConcurrentQueue<string> Violations { get; } = new();

        public ConcurrentQueue<string> OtherErrors { get; } = new();

        public async Task IncrementAsync(RedisClient client)
        {
            try
            {
                var value = await client.IncrAsync(key);
                var ran = value - _lastSeen - 1;
                if (ran < 0 || ran > _unknownsSinceSuccess)
                {
                    Violations.Enqueue($"{key}: {_lastSeen} then {value} with {_unknownsSinceSuccess} 'may have run' failures between");
                }

                UnknownsThatRan += Math.Max(0, ran);
                _unknownsSinceSuccess = 0;
                _lastSeen = value;
                Successes++;
            }
            catch (RedisConnectionException ex) when (ex.Outcome == CommandOutcome.Unknown)
            {
                Unknowns++;
                _unknownsSinceSuccess++;
                UnknownMessages.Enqueue(ex.Message);
            }
            catch (Exception ex)
            {
                OtherErrors.Enqueue(ex.ToString());
            }
        }
    }
}
