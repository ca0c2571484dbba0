using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Multiplex.Stress.Storm;

/// <summary>What an INCR reconciliation counted and whether the books balance.</summary>
public sealed record IncrResult(
    long Attempts, long Acknowledged, long Ambiguous, long NotSent, long Other, long Kills, long Reconnects, long Final,
    long DuplicateReplies, TimeSpan Elapsed)
{
    /// <summary>
    /// INCR is not idempotent: the counter must hold every acknowledged INCR, plus at most those whose
    /// outcome is unknown; a command that was reported as not sent must not have run, and no reply
    /// value may reach two callers.
    /// </summary>
    public bool Passed => Final >= Acknowledged && Final <= Acknowledged + Ambiguous && DuplicateReplies == 0 && Other == 0;

    /// <summary>The final table.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        void Row(string name, object value) => text.AppendLine(CultureInfo.InvariantCulture, $"{name,-24} {value,14:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"duration",-24} {Elapsed.TotalSeconds,14:N1} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"throughput",-24} {Attempts / Math.Max(1e-9, Elapsed.TotalSeconds),14:N0} INCR/s");
        Row("INCRs attempted", Attempts);
        Row("acknowledged", Acknowledged);
        Row("ambiguous (unknown)", Ambiguous);
        Row("not sent", NotSent);
        Row("other errors", Other);
        Row("CLIENT KILLs", Kills);
        Row("reconnects", Reconnects);
        Row("final counter", Final);
        Row("executed, unacknowledged", Final - Acknowledged);
        Row("duplicate reply values", DuplicateReplies);
        text.AppendLine(Passed
            ? $"PASS: {Acknowledged:N0} <= {Final:N0} <= {Acknowledged + Ambiguous:N0}"
            : $"FAIL: expected {Acknowledged:N0} <= final {Final:N0} <= {Acknowledged + Ambiguous:N0}, duplicates {DuplicateReplies}, other {Other}");
        return text.ToString();
    }
}

/// <summary>
/// INCR under random connection kills: many callers increment one counter while the admin client kills
/// the callers' connection every few tens of milliseconds. Afterwards the counter is reconciled
/// against what the callers were told.
/// </summary>
public static class IncrReconciliation
{
    private const string ClientName = Chaos.ClientNamePrefix + "incr";

    /// <summary>Runs <paramref name="count"/> INCRs with <paramref name="callers"/> concurrent callers.</summary>
    public static async Task<IncrResult> RunAsync(
        string host, int port, long count, int callers, TimeSpan killEvery, Action<string>? progress = null)
    {
        var endpoint = RedisEndpoint.Tcp(host, port);
        var options = new RedisClientOptions { Endpoints = [endpoint], ClientName = ClientName };
        await using var client = await RedisClient.ConnectAsync(options);
        await using var admin = await RedisClient.ConnectAsync(options with { ClientName = "incr-admin", AllowAdminCommands = true });
        var key = $"stress:incr:{Guid.NewGuid():N}";
        var counters = new StormCounters();
        long attempts = 0, acknowledged = 0, ambiguous = 0, notSent = 0, other = 0, duplicates = 0;

        // Every acknowledged reply value is a distinct counter value; seeing one twice would mean one
        // execution was reported to two callers (or one caller was given another's reply).
        var seen = new BitArray(checked((int)Math.Min(int.MaxValue, (count * 2) + 1)));
        var seenLock = new Lock();
        using var stop = new CancellationTokenSource();
        var chaos = new Chaos(admin, counters, Environment.TickCount).RunAsync(TimeSpan.Zero, killEvery, TimeSpan.Zero, stop.Token);
        var stopwatch = Stopwatch.StartNew();
        var reporter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && progress is not null)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                progress(string.Create(CultureInfo.InvariantCulture,
                    $"[{stopwatch.Elapsed:hh\\:mm\\:ss}] INCR {Interlocked.Read(ref attempts):N0} ack {Interlocked.Read(ref acknowledged):N0} ambiguous {Interlocked.Read(ref ambiguous):N0} not-sent {Interlocked.Read(ref notSent):N0} kills {counters.Kills:N0} reconnects {client.ReconnectCount:N0}"));
            }
        });

        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref attempts) <= count)
            {
                try
                {
                    var value = await client.IncrAsync(key);
                    Interlocked.Increment(ref acknowledged);
                    lock (seenLock)
                    {
                        if (value < 1 || value >= seen.Length || seen[(int)value])
                        {
                            duplicates++;
                        }
                        else
                        {
                            seen[(int)value] = true;
                        }
                    }
                }
                catch (RedisConnectionException ex) when (ex.Outcome == CommandOutcome.Unknown)
                {
                    Interlocked.Increment(ref ambiguous);
                }
                catch (RedisTimeoutException ex) when (ex.Outcome == CommandOutcome.Unknown)
                {
                    Interlocked.Increment(ref ambiguous);
                }
                catch (RedisConnectionException)
                {
                    Interlocked.Increment(ref notSent);
                }
                catch (RedisTimeoutException)
                {
                    Interlocked.Increment(ref notSent);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref other);
                    Console.Error.WriteLine($"unexpected: {ex}");
                }
            }

            Interlocked.Decrement(ref attempts);
        })));
        stopwatch.Stop();
        await stop.CancelAsync();
        await chaos;
        await reporter;

        // Read the counter on a fresh connection once the kills have stopped.
        await using var reader = await RedisClient.ConnectAsync(options with { ClientName = "incr-reader" });
        var final = (long?)await reader.GetAsync(key) ?? 0;
        await reader.DelAsync(key);
        return new IncrResult(attempts, acknowledged, ambiguous, notSent, other, counters.Kills, client.ReconnectCount, final, duplicates, stopwatch.Elapsed);
    }
}
