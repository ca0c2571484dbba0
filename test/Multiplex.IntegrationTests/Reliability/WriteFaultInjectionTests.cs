using System.Collections.Concurrent;
using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Reliability;

/// <summary>
/// ARCHITECTURE.md invariant 2 under write-path faults: a command refused while it is prepared (an
/// argument over <see cref="RedisClientOptions.MaxValueLength"/>) is dropped before any of its bytes are
/// sent (its caller gets the error, the connection carries on, it never runs), and a transport write
/// that fails part-way (injected through <see cref="RedisClientOptions.TransportFactory"/>) tears the
/// connection down, failing every in-flight command as "outcome unknown". Either way no reply reaches
/// the wrong caller.
/// </summary>
[NonParallelizable]
public sealed class WriteFaultInjectionTests
{
    // The bar from the reliability issue: this many injected faults, zero desyncs.
    private const long RequiredInjections = 100_000;

    private const int Callers = 200;

    // Most injections are the cheap kind (a command refused before it is sent); one write in this many
    // fails part-way, each of which costs a reconnect.
    private const int RefusedEvery = 3;
    private const int TransportFailureEvery = 100;

    // Keys and values are shorter than this in the storm; the refused values are one byte over it.
    private const int ValueLimit = 256;

    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(4);

    [Test]
    public async Task A_command_with_an_argument_over_the_limit_is_never_sent_and_the_connection_carries_on()
    {
        await using var client = await TestClients.ConnectAsync(options => options with { MaxValueLength = 1024 });
        var key = TestClients.Key("dropped");
        await client.SetAsync(key, "before");
        var setsBefore = await SetCallsAsync(client);

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await client.SetAsync(key, new string('x', 2048)));
        Assert.That(error!.Message, Does.Contain("SET").And.Contain("2,048 bytes").And.Contain("MaxValueLength"));

        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("before"));
        Assert.That(await SetCallsAsync(client), Is.EqualTo(setsBefore), "the server saw no SET");
        Assert.That(client.ReconnectCount, Is.Zero);
    }

    [Test]
    public async Task A_write_that_fails_part_way_fails_every_in_flight_command_as_unknown_and_the_client_recovers()
    {
        var transport = new FaultyTransport(writeFailureEvery: 4);
        await using var client = await TestClients.ConnectAsync(options => options with { TransportFactory = transport.Factory });
        var key = TestClients.Key("commit");
        var outcomes = new List<string>();
        for (var wave = 0; wave < 10; wave++)
        {
            // Ten waves of ten concurrent INCRs: a wave goes out in one or a few writes, and every fourth write fails.
            outcomes.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
            {
                try
                {
                    await client.IncrAsync(key);
                    return "ok";
                }
                catch (RedisConnectionException ex)
                {
                    return ex.Outcome.ToString();
                }
            })));
        }

        transport.Enabled = false;

        Assert.That(transport.Faults, Is.GreaterThan(0));
        Assert.That(outcomes, Does.Contain(nameof(CommandOutcome.Unknown)));
        var acknowledged = outcomes.Count(outcome => outcome == "ok");
        var counter = (long?)await client.GetAsync(key) ?? 0;
        Assert.That(counter, Is.InRange(acknowledged, 100));
        Assert.That(client.ReconnectCount, Is.GreaterThan(0));
    }

    [Test]
    public async Task One_hundred_thousand_injected_write_faults_cause_no_desync()
    {
        var transport = new FaultyTransport(TransportFailureEvery);
        await using var client = await TestClients.ConnectAsync(options => options with { TransportFactory = transport.Factory, MaxValueLength = ValueLimit });
        var prefix = TestClients.Key("faults");
        var desyncs = new ConcurrentQueue<string>();
        long succeeded = 0, dropped = 0, unknown = 0, notSent = 0;
        var stopwatch = Stopwatch.StartNew();
        var oversized = new string('x', ValueLimit + 1);

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var key = $"{prefix}:{caller}";
            string? confirmed = null; // the value of the last acknowledged SET
            var mayHaveRun = new HashSet<string>(StringComparer.Ordinal); // values of SETs with unknown outcome
            for (var round = 0; Interlocked.Read(ref dropped) + transport.Faults < RequiredInjections && stopwatch.Elapsed < TimeLimit; round++)
            {
                var value = round % RefusedEvery == 0 ? oversized : $"{caller}|{round}";
                var outcome = await TryAsync(async () => await client.SetAsync(key, value));
                switch (outcome)
                {
                    case Outcome.Succeeded:
                        confirmed = value;
                        break;
                    case Outcome.Unknown:
                        mayHaveRun.Add(value);
                        break;
                }

                string? got = null;
                if (await TryAsync(async () => got = (string?)await client.GetAsync(key)) == Outcome.Succeeded
                    && got != confirmed && (got is null || !mayHaveRun.Contains(got)))
                {
                    // Either another caller's reply, or a refused (never sent) SET that ran after all.
                    desyncs.Enqueue($"caller {caller} round {round}: got \"{got}\", expected \"{confirmed}\" or one of {mayHaveRun.Count} unknown-outcome values");
                }
            }
        })));
        transport.Enabled = false;

        var injected = dropped + transport.Faults;
        TestContext.Out.WriteLine(
            $"{injected} faults injected (refused before sending {dropped}, transport {transport.Faults}) in {stopwatch.Elapsed.TotalSeconds:0.0} s; " +
            $"succeeded {succeeded}, unknown {unknown}, not sent {notSent}, reconnects {client.ReconnectCount}, desyncs {desyncs.Count}");
        Assert.That(desyncs, Is.Empty, () => string.Join('\n', desyncs.Take(20)));
        Assert.That(injected, Is.GreaterThanOrEqualTo(RequiredInjections), "the time limit ran out first");
        Assert.That(transport.Faults, Is.GreaterThan(0));
        Assert.That(unknown, Is.GreaterThan(0), "no teardown was observed");

        // Refused commands never cost a reconnect; only teardowns (and their failed handshakes) do.
        Assert.That(client.ReconnectCount, Is.LessThanOrEqualTo(transport.Faults));
        var probe = TestClients.Key("probe");
        await client.SetAsync(probe, "ok");
        Assert.That((string?)await client.GetAsync(probe), Is.EqualTo("ok"));

        async Task<Outcome> TryAsync(Func<Task> action)
        {
            try
            {
                await action();
                Interlocked.Increment(ref succeeded);
                return Outcome.Succeeded;
            }
            catch (ArgumentException)
            {
                Interlocked.Increment(ref dropped);
                return Outcome.NotSent;
            }
            catch (Exception ex) when (ex is RedisConnectionException { Outcome: CommandOutcome.Unknown } or RedisTimeoutException { Outcome: CommandOutcome.Unknown })
            {
                Interlocked.Increment(ref unknown);
                return Outcome.Unknown;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
            {
                Interlocked.Increment(ref notSent);
                return Outcome.NotSent;
            }
        }
    }

    private static async Task<long> SetCallsAsync(RedisClient client)
    {
        var stats = await client.InfoAsync(["commandstats"]);
        var line = stats["commandstats"].GetValueOrDefault("cmdstat_set") ?? "calls=0";
        return long.Parse(line.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private enum Outcome
    {
        Succeeded,
        NotSent,
        Unknown,
    }
}
