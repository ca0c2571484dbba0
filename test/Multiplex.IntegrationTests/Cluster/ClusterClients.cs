using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>Connects clients to a cluster fixture, and reads the nodes' own counters.</summary>
public static class ClusterClients
{
    /// <summary>Options seeded with every node of <paramref name="cluster"/>, in RESP3 or RESP2.</summary>
    public static RedisClientOptions OptionsFor(RedisCluster cluster, ServerKind kind) => new()
    {
        Endpoints = [.. cluster.SeedEndpoints.Select(RedisEndpoint.Parse)],
        Protocol = kind == ServerKind.RedisResp2 ? RedisProtocol.Resp2 : RedisProtocol.Resp3,
        ClientName = "multiplex-cluster-tests",
    };

    /// <summary>A client connected to <paramref name="cluster"/>.</summary>
    public static Task<RedisClient> ConnectAsync(RedisCluster cluster, ServerKind kind, Func<RedisClientOptions, RedisClientOptions>? configure = null)
    {
        var options = OptionsFor(cluster, kind);
        return RedisClient.ConnectAsync(configure is null ? options : configure(options), TestClients.Logs, CancellationToken.None);
    }

    /// <summary>The sum over <paramref name="nodes"/> of an <c>INFO</c> counter line's <c>field=</c> value (<c>errorstat_MOVED</c>, <c>count</c>).</summary>
    public static async Task<long> SumInfoAsync(IEnumerable<RedisServer> nodes, string section, string line, string field)
    {
        long total = 0;
        foreach (var node in nodes)
        {
            var info = await node.CliAsync("INFO", section);
            foreach (var text in info.Split('\n', StringSplitOptions.TrimEntries))
            {
                if (!text.StartsWith(line + ":", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var pair in text[(line.Length + 1)..].Split(','))
                {
                    if (pair.StartsWith(field + "=", StringComparison.Ordinal))
                    {
                        total += long.Parse(pair[(field.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        return total;
    }

    /// <summary>How many redirections of <paramref name="kind"/> (MOVED, ASK) the nodes answered since their stats were reset.</summary>
    public static Task<long> RedirectsAsync(IEnumerable<RedisServer> nodes, string kind) =>
        SumInfoAsync(nodes, "errorstats", "errorstat_" + kind, "count");

    /// <summary>How many times the nodes ran <paramref name="command"/> (lower case, as INFO commandstats names it).</summary>
    public static Task<long> CallsAsync(IEnumerable<RedisServer> nodes, string command) =>
        SumInfoAsync(nodes, "commandstats", "cmdstat_" + command, "calls");
}
