using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>Retries in a cluster: a read whose connection to its node dies is routed again through the slot map.</summary>
[Category("Cluster")]
public sealed partial class ClusterRetryTests : ServerTestBase
{
    private const int Keys = 64;
    private const int Readers = 50;
    private const int MaxKillRounds = 20;

    [Test]
    [CancelAfter(180_000)]
    public async Task Reads_in_flight_on_killed_node_connections_are_retried_and_succeed()
    {
        var cluster = await SharedServers.ClusterAsync();
        var name = "retry-" + Guid.NewGuid().ToString("N")[..12];
        await using var client = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3, options => options with
        {
            ClientName = name,
            CommandTimeout = TimeSpan.FromSeconds(30),
        });
        using var retries = new RetryCounter();
        var prefix = TestClients.Key("cluster-retry");
        var keys = Enumerable.Range(0, Keys).Select(i => $"{prefix}:{i}").ToArray();
        foreach (var key in keys)
        {
            await client.SetAsync(key, key);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var errors = new ConcurrentQueue<string>();
        long reads = 0;
        var readers = Enumerable.Range(0, Readers).Select(reader => Task.Run(async () =>
        {
            for (var round = 0; round < 200_000 && !stop.IsCancellationRequested; round++)
            {
                var key = keys[(reader + round) % Keys];
                try
                {
                    if ((string?)await client.GetAsync(key) != key)
                    {
                        errors.Enqueue($"{key}: wrong value");
                    }

                    Interlocked.Increment(ref reads);
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex.ToString());
                }
            }
        })).ToArray();

        // Killing a busy connection usually finds reads in flight (they are pipelined); repeat until one did.
        for (var round = 0; round < MaxKillRounds && retries.For("GET") == 0; round++)
        {
            var target = Interlocked.Read(ref reads) + 500;
            await WaitForAsync(() => Interlocked.Read(ref reads) > target);
            var reconnects = client.ReconnectCount;
            foreach (var primary in cluster.Primaries)
            {
                foreach (Match match in ClientLine().Matches(await primary.CliAsync("CLIENT", "LIST")))
                {
                    if (match.Groups["name"].Value == name)
                    {
                        await primary.CliAsync("CLIENT", "KILL", "ID", match.Groups["id"].Value);
                    }
                }
            }

            await WaitForAsync(() => client.ReconnectCount > reconnects);
        }

        var afterKills = Interlocked.Read(ref reads) + 500;
        await WaitForAsync(() => Interlocked.Read(ref reads) > afterKills);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.That(retries.For("GET"), Is.GreaterThan(0), $"no GET was in flight in {MaxKillRounds} kills");
        Assert.That(errors, Is.Empty, "reads in flight on a killed connection are retried and succeed");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition did not become true within 30 s");
            await Task.Delay(10);
        }
    }

    [GeneratedRegex(@"^id=(?<id>\d+) .*? name=(?<name>\S*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ClientLine();
}
