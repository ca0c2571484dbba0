using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// A throwaway Redis Cluster on loopback for the cluster run: three primaries with one replica each,
/// started here (<see cref="ClusterNode"/>), formed with <c>redis-cli --cluster create</c>, and ready once
/// every node reports <c>cluster_state:ok</c> with all slots assigned and all nodes known. Its folder is
/// below the test fixtures' root (<c>{temp}/multiplex-fixtures/p{pid}</c>), so if the load test is killed
/// outright, build.sh's next clean-up stops what it left; otherwise <see cref="DisposeAsync"/> or the
/// exit clean-up (<see cref="ExitCleanup"/>, also on Ctrl-C) removes it all.
/// Spec: https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    /// <summary>The loopback address every node binds.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>Primaries: each owns a third of the slots.</summary>
    public const int PrimaryCount = 3;

    /// <summary>Replicas of each primary (they take no part in a GET run; they make the cluster the usual shape).</summary>
    public const int ReplicasPerPrimary = 1;

    /// <summary>Hash slots in a Redis Cluster (cluster spec).</summary>
    public const int SlotCount = 16384;

    private const int NodeCount = PrimaryCount * (1 + ReplicasPerPrimary);

    // redis-cli --cluster create waits for the nodes to meet; on a busy 2-core machine that takes a few seconds.
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _directory;

    private ThrowawayCluster(string directory, IReadOnlyList<ClusterNode> nodes)
    {
        _directory = directory;
        Nodes = nodes;
    }

    /// <summary>All nodes, in start order (redis-cli made the first <see cref="PrimaryCount"/> primaries).</summary>
    public IReadOnlyList<ClusterNode> Nodes { get; }

    /// <summary>Every node's <c>127.0.0.1:port</c>, to seed a cluster client.</summary>
    public IReadOnlyList<string> Endpoints => [.. Nodes.Select(node => node.Endpoint)];

    /// <summary>Whether the tools the cluster needs (redis-server, redis-cli) are on the PATH; else why not.</summary>
    public static string? MissingTools() =>
        Executables.IsOnPath(ClusterNode.Executable) && Executables.IsOnPath(RedisCli.Executable)
            ? null
            : $"the cluster run needs {ClusterNode.Executable} and {RedisCli.Executable} on the PATH (install redis-server and redis-tools)";

    /// <summary>Starts the nodes, forms the cluster and waits until every node sees it healthy.</summary>
    public static async Task<ThrowawayCluster> StartAsync()
    {
        var directory = Path.Combine(
            Path.GetTempPath(), "multiplex-fixtures", "p" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "bench-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        ExitCleanup.Track(directory);
        var nodes = new List<ClusterNode>();
        var cluster = new ThrowawayCluster(directory, nodes);
        try
        {
            for (var i = 0; i < NodeCount; i++)
            {
                nodes.Add(await ClusterNode.StartAsync(directory));
            }

            var (exitCode, output, error) = await RedisCli.RunAsync(
                ["--cluster", "create", .. cluster.Endpoints, "--cluster-replicas", ReplicasPerPrimary.ToString(CultureInfo.InvariantCulture), "--cluster-yes"],
                FormTimeout);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({exitCode}): {error}{output}");
            }

            await cluster.WaitUntilHealthyAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills every node and deletes the cluster's folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(node => node.StopAsync()));
        ExitCleanup.TryDelete(_directory);
        ExitCleanup.Forget(_directory);
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(FormTimeout.TotalSeconds * Stopwatch.Frequency);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cluster_state"] = "ok",
            ["cluster_slots_assigned"] = SlotCount.ToString(CultureInfo.InvariantCulture),
            ["cluster_slots_ok"] = SlotCount.ToString(CultureInfo.InvariantCulture),
            ["cluster_known_nodes"] = NodeCount.ToString(CultureInfo.InvariantCulture),
            ["cluster_size"] = PrimaryCount.ToString(CultureInfo.InvariantCulture),
        };
        var lagging = string.Empty;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            lagging = string.Empty;
            foreach (var node in Nodes)
            {
                var fields = Multiplex.Testing.Processes.RedisCli.ParseFields(await RedisCli.QueryAsync(node.Port, ["CLUSTER", "INFO"], QueryTimeout) ?? string.Empty);
                var wrong = expected.Where(pair => !fields.TryGetValue(pair.Key, out var value) || value != pair.Value).Select(pair => pair.Key).ToList();
                if (wrong.Count > 0)
                {
                    lagging = $"{node.Endpoint} ({string.Join(", ", wrong.Select(key => $"{key}:{fields.GetValueOrDefault(key, "?")}"))})";
                    break;
                }
            }

            if (lagging.Length == 0)
            {
                return;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"the throwaway cluster was not healthy within {FormTimeout.TotalSeconds:0} s: {lagging}");
    }
}
