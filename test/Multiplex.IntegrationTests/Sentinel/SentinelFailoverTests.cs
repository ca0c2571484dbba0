using System.Collections.Concurrent;
using System.Diagnostics;
using Multiplex.IntegrationTests.Cluster;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;
using Multiplex.Testing.Processes;

namespace Multiplex.IntegrationTests.Sentinel;

/// <summary>
/// The client under load while Sentinel replaces the primary: a manual failover and a killed primary.
/// One private sentinel group for the class; each test leaves it healthy for the next.
/// </summary>
[Category("Sentinel")]
[NonParallelizable]
public sealed partial class SentinelFailoverTests : ServerTestBase
{
    private const int Callers = 100;
    private const int KeyCount = 1_000;

    // Bounds: the load stops by itself; the failover helpers bound their own waits.
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LoadBeforeAndAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FollowLimit = TimeSpan.FromSeconds(2);

    private RedisSentinelGroup _group = null!;

    [OneTimeSetUp]
    public async Task StartGroupAsync() => _group = await RedisSentinelGroup.StartAsync();

    [OneTimeTearDown]
    public async Task StopGroupAsync() => await _group.DisposeAsync();

    [Test]
    public async Task A_sentinel_failover_under_load_is_followed_within_2_s_of_the_announcement_without_caller_errors()
    {
        await using var client = await ConnectAsync();
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("failover")}:{i}").ToArray();
        var load = new ClusterLoad(client, keys, Callers);
        using var stop = new CancellationTokenSource(LoadLimit);
        var oldPort = _group.Primary.Port;
        var switched = WhenPrimaryChangesAsync(client, oldPort, stop.Token);
        var primaryChanges = new ConcurrentQueue<TopologyChangedEventArgs>();
        client.TopologyChanged += (_, e) =>
        {
            if (e.Kind == TopologyChangeKind.PrimaryChanged)
            {
                primaryChanges.Enqueue(e);
            }
        };
        var channel = TestClients.Key("news");
        await using var subscription = await client.SubscribeAsync(channel);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.Restored += (_, _) => restored.TrySetResult();
        using var listening = new CancellationTokenSource(LoadLimit);
        await using var messages = subscription.GetAsyncEnumerator(listening.Token);

        var running = load.RunAsync(stop.Token);
        await Task.Delay(LoadBeforeAndAfter);
        var failover = await _group.FailoverAsync(stop.Token);
        var switchedAt = await switched;
        await Task.Delay(LoadBeforeAndAfter);
        await stop.CancelAsync();
        await running;

        var report = await ReportAsync(client, keys, load, failover, switchedAt);
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var newPrimary = $":{failover.NewPrimary.Port}";
        using (var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!primaryChanges.Any(change => change.NewPrimary?.EndsWith(newPrimary, StringComparison.Ordinal) == true))
            {
                await Task.Delay(10, waiting.Token);
            }
        }

        var change = primaryChanges.Single(change => change.NewPrimary!.EndsWith(newPrimary, StringComparison.Ordinal));
        Assert.That(change.OldPrimary, Does.EndWith($":{oldPort}"), "the TopologyChanged event names the old primary and the new one");
        var receivers = (await failover.NewPrimary.CliAsync("PUBLISH", channel, "after the failover")).Trim();
        Assert.That(await messages.MoveNextAsync(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(receivers, Is.EqualTo("1"), "the subscription moved to the new primary");
            Assert.That(messages.Current.Payload.ToString(), Is.EqualTo("after the failover"));
            Assert.That(report.CallerErrors, Is.Empty, "no caller saw an error");
            Assert.That(failover.SwitchAnnouncedAt, Is.Not.Null, "a sentinel announced +switch-master");
            Assert.That(report.Followed, Is.LessThan(FollowLimit), "the client wrote to the new primary soon after the announcement");
            Assert.That(report.MissingAfterSwitch, Is.Empty, "every write acknowledged after the client switched is on the new primary");
            Assert.That(client.GetNodes().Single().Endpoint.Port, Is.EqualTo(failover.NewPrimary.Port));
        });
    }

    [Test]
    public async Task A_killed_primary_is_followed_to_the_promoted_replica_and_lost_writes_are_counted()
    {
        // The first sentinel listed is down for the whole test: discovery and the failover do without it.
        await using var client = await ConnectAsync(firstSentinelDown: true);
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"{TestClients.Key("kill")}:{i}").ToArray();
        var load = new ClusterLoad(client, keys, Callers);
        using var stop = new CancellationTokenSource(LoadLimit);
        var switched = WhenPrimaryChangesAsync(client, _group.Primary.Port, stop.Token);

        var running = load.RunAsync(stop.Token);
        await Task.Delay(LoadBeforeAndAfter);
        var kill = await _group.KillPrimaryAsync(stop.Token);
        SentinelFailover promotion;
        long switchedAt;
        try
        {
            promotion = await _group.WaitForPromotionAsync(kill, stop.Token);
            switchedAt = await switched;
            await Task.Delay(LoadBeforeAndAfter);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var report = await ReportAsync(client, keys, load, promotion, switchedAt);
        await _group.RestartAsync(kill.Server);
        Assert.Multiple(() =>
        {
            Assert.That(report.CallerErrors.Where(error => error is not RedisConnectionException and not RedisTimeoutException), Is.Empty,
                "callers saw only the connection errors of commands in flight on the killed primary");
            Assert.That(report.Followed, Is.LessThan(FollowLimit), "the client wrote to the promoted replica soon after the announcement");
            Assert.That(report.MissingAfterSwitch, Is.Empty, "every write acknowledged after the client switched is on the new primary");
        });
    }

    [Test]
    public async Task A_client_that_hears_no_announcement_follows_the_failover_when_the_old_primary_refuses_writes()
    {
        // A sentinel ACL user without channels: the client asks the sentinels but cannot listen to them,
        // so neither the promotion nor +switch-master reaches it.
        const string user = "blind-client";
        foreach (var sentinel in _group.Sentinels)
        {
            await sentinel.CliAsync("ACL", "SETUSER", user, "on", ">" + TestSecrets.Password, "+@all", "resetchannels");
        }

        try
        {
            var options = new RedisClientOptions
            {
                Endpoints = [.. _group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
                Sentinel = new SentinelOptions { ServiceName = _group.MasterName, User = user, Password = TestSecrets.Password },
            };
            await using var client = await RedisClient.ConnectAsync(options, TestClients.Logs);
            var key = TestClients.Key("blind");
            await client.SetAsync(key, "before");

            // Returns once the old primary replicates the new one: from then on it refuses writes.
            var failover = await _group.FailoverAsync();
            var written = await client.SetAsync(key, "after");
            foreach (var line in CapturedLogs.All.Where(line => line.Contains("READONLY", StringComparison.Ordinal) || line.Contains("switched", StringComparison.Ordinal)).TakeLast(5))
            {
                TestContext.Out.WriteLine(line);
            }

            Assert.Multiple(async () =>
            {
                Assert.That(written, Is.True, "the write was sent again to the new primary, not failed");
                Assert.That(client.GetNodes()[0].Endpoint.Port, Is.EqualTo(failover.NewPrimary.Port));
                Assert.That((await failover.NewPrimary.CliAsync("GET", key)).Trim(), Is.EqualTo("after"));
                Assert.That(CapturedLogs.All.Any(line => line.Contains("NOPERM", StringComparison.Ordinal)), Is.True, "the sentinels refused the client's subscriptions");
            });
        }
        finally
        {
            foreach (var sentinel in _group.Sentinels)
            {
                await sentinel.CliAsync("ACL", "DELUSER", user);
            }
        }
    }

    private Task<RedisClient> ConnectAsync(bool firstSentinelDown = false) => RedisClient.ConnectAsync(
        new RedisClientOptions
        {
            Endpoints = [.. firstSentinelDown ? [RedisEndpoint.Tcp("127.0.0.1", FreePorts.Next())] : Array.Empty<RedisEndpoint>(), .. _group.SentinelEndpoints.Select(RedisEndpoint.Parse)],
            Sentinel = new SentinelOptions { ServiceName = _group.MasterName },
            ClientName = "multiplex-sentinel-tests",
        },
        TestClients.Logs,
        CancellationToken.None);

    /// <summary>The moment (a <see cref="Stopwatch"/> timestamp) the client's primary stops being the one on <paramref name="oldPort"/>; polled every millisecond.</summary>
    private static Task<long> WhenPrimaryChangesAsync(RedisClient client, int oldPort, CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            if (client.GetNodes() is [var node] && node.Endpoint.Port != oldPort)
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(1, CancellationToken.None);
        }

        throw new TimeoutException("the client never left the old primary");
    });

    /// <summary>
    /// What the run shows: errors callers saw (a GET that missed the SET just before it is a write lost to
    /// the switch, counted apart), how long after the first announcement the client switched, writes the
    /// client had acknowledged and the new primary does not hold, split by whether they were acknowledged
    /// before or after the client's switch.
    /// </summary>
    private static async Task<FailoverReport> ReportAsync(RedisClient client, string[] keys, ClusterLoad load, SentinelFailover failover, long switchedAt)
    {
        var finals = new string?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            finals[i] = (string?)await client.GetAsync(keys[i]);
        }

        var lastAck = new long[keys.Length];
        foreach (var (key, at) in load.Writes)
        {
            lastAck[key] = Math.Max(lastAck[key], at);
        }

        var missing = Enumerable.Range(0, keys.Length).Where(i => load.Acknowledged[i] is not null && finals[i] != load.Acknowledged[i]).ToArray();
        var missingAfter = missing.Where(i => lastAck[i] > switchedAt).Select(i => $"{keys[i]}: acknowledged {load.Acknowledged[i]}, found {finals[i] ?? "nothing"}").ToArray();
        var readMisses = load.Errors.Count(error => error.Error is InvalidOperationException);
        var errors = load.Errors.Where(error => error.Error is not InvalidOperationException).Select(error => error.Error).ToArray();
        var announced = failover.SwitchAnnouncedAt ?? failover.PromotedAt;
        var followed = Stopwatch.GetElapsedTime(announced, Math.Max(announced, switchedAt));
        var firstWrite = load.Writes.Where(write => write.At >= switchedAt).Select(write => write.At).DefaultIfEmpty(long.MaxValue).Min();
        // Writes acknowledged between the promotion and the client's switch went to the old primary, which
        // no longer replicates to the new one: lost, however the later writes to the same keys look.
        var inWindow = load.Writes.Count(write => write.At > failover.PromotedAt && write.At < switchedAt);
        TestContext.Out.WriteLine(
            $"promoted {failover.TimeToPromotion.TotalMilliseconds:0} ms after the command or kill; first +switch-master {(failover.SwitchAnnouncedAt is null ? "not seen" : $"{Stopwatch.GetElapsedTime(failover.SentAt, announced).TotalMilliseconds:0} ms after it")}; " +
            $"client switched {Stopwatch.GetElapsedTime(announced, switchedAt).TotalMilliseconds:0} ms after the announcement, first write acknowledged by the new primary " +
            $"{(firstWrite == long.MaxValue ? "never" : $"{Stopwatch.GetElapsedTime(announced, firstWrite).TotalMilliseconds:0} ms after it")}; " +
            $"{load.Operations} operations; caller errors {errors.Length} ({string.Join(", ", errors.GroupBy(error => error.GetType().Name).Select(group => $"{group.Key} {group.Count()}"))}); " +
            $"final values missing {missing.Length} (last acknowledged before the switch {missing.Length - missingAfter.Length}, after it {missingAfter.Length}); " +
            $"writes acknowledged between the promotion and the client's switch ({Stopwatch.GetElapsedTime(failover.PromotedAt, Math.Max(failover.PromotedAt, switchedAt)).TotalMilliseconds:0} ms): {inWindow}; GETs that missed the SET before them {readMisses}");
        foreach (var line in CapturedLogs.All.Where(line => line.Contains("sentinel", StringComparison.OrdinalIgnoreCase) || line.Contains("primary", StringComparison.OrdinalIgnoreCase)).TakeLast(20))
        {
            TestContext.Out.WriteLine(line);
        }

        return new FailoverReport(errors, followed, missingAfter);
    }

    private sealed record FailoverReport(Exception[] CallerErrors, TimeSpan Followed, string[] MissingAfterSwitch);
}
