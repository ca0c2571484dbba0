using System.Diagnostics;
using System.Diagnostics.Metrics;
using Multiplex.Topology;

namespace Multiplex.Diagnostics;

/// <summary>
/// The live clients, for the observable instruments (<c>db.client.connection.count</c>,
/// <c>db.client.connection.pending_requests</c>): a client joins when it is built and leaves when it is
/// disposed. The callbacks run only when a listener collects, on its thread, never on a client's loops.
/// The clients are held weakly, so one that is dropped without being disposed is not kept alive here.
/// </summary>
internal static class ObservedClients
{
    private static readonly Lock Gate = new();
    private static readonly List<WeakReference<RedisClient>> Clients = [];

    public static void Add(RedisClient client)
    {
        // Publishes the instruments, so a listener sees the observable ones before the first command.
        _ = Instrumentation.Meter;
        lock (Gate)
        {
            Clients.Add(new WeakReference<RedisClient>(client));
        }
    }

    public static void Remove(RedisClient client)
    {
        lock (Gate)
        {
            Clients.RemoveAll(held => !held.TryGetTarget(out var target) || ReferenceEquals(target, client));
        }
    }

    /// <summary>Open connections by server, kind and state; connections that are down count as disconnected.</summary>
    public static IEnumerable<Measurement<long>> ObserveConnections()
    {
        var counts = new Dictionary<(ServerTags Server, string Kind, string State), long>();
        foreach (var node in Nodes())
        {
            var server = ServerTags.For(node.Endpoint);
            foreach (var connection in node.Connections)
            {
                Count(counts, server, TelemetryTags.Shared, connection.IsConnected ? TelemetryTags.Used : TelemetryTags.Disconnected, 1);
            }

            if (node.SubscriberConnection is { } subscriber)
            {
                Count(counts, server, TelemetryTags.Subscriber, subscriber.IsConnected ? TelemetryTags.Used : TelemetryTags.Disconnected, 1);
            }

            var open = node.Dedicated.OpenCount;
            var leased = Math.Clamp(node.Dedicated.LeasedCount, 0, open);
            Count(counts, server, TelemetryTags.Dedicated, TelemetryTags.Used, leased);
            Count(counts, server, TelemetryTags.Dedicated, TelemetryTags.Idle, open - leased);
        }

        var measurements = new List<Measurement<long>>(counts.Count);
        foreach (var ((server, kind, state), count) in counts)
        {
            var tags = PoolTags(server);
            tags.Add(TelemetryTags.ConnectionKind, kind);
            tags.Add(TelemetryTags.ConnectionState, state);
            measurements.Add(new Measurement<long>(count, tags));
        }

        return measurements;
    }

    /// <summary>Commands queued, waiting in a backlog or in flight on each server's shared connections.</summary>
    public static IEnumerable<Measurement<long>> ObservePending()
    {
        var counts = new Dictionary<ServerTags, long>();
        foreach (var node in Nodes())
        {
            var server = ServerTags.For(node.Endpoint);
            var pending = 0L;
            foreach (var connection in node.Connections)
            {
                pending += connection.PendingCount;
            }

            counts[server] = counts.GetValueOrDefault(server) + pending;
        }

        var measurements = new List<Measurement<long>>(counts.Count);
        foreach (var (server, pending) in counts)
        {
            measurements.Add(new Measurement<long>(pending, PoolTags(server)));
        }

        return measurements;
    }

    /// <summary>
    /// One figure of every live client's client-side cache, summed by database (a client of another
    /// database, made for <see cref="RedisClient.WithDatabase"/>, has a cache of its own).
    /// </summary>
    public static IEnumerable<Measurement<long>> ObserveCaches(Func<ClientCache, long> figure)
    {
        var sums = new Dictionary<int, long>();
        foreach (var client in LiveClients())
        {
            if (client.ClientCache is { } cache)
            {
                var database = client.Options.Database;
                sums[database] = sums.GetValueOrDefault(database) + figure(cache);
            }
        }

        var measurements = new List<Measurement<long>>(sums.Count);
        foreach (var (database, sum) in sums)
        {
            measurements.Add(new Measurement<long>(sum, new TagList
            {
                { TelemetryTags.DbSystemName, TelemetryTags.Redis },
                { TelemetryTags.DbNamespace, Instrumentation.Namespace(database) },
            }));
        }

        return measurements;
    }

    private static List<RedisNode> Nodes()
    {
        var nodes = new List<RedisNode>();
        foreach (var client in LiveClients())
        {
            nodes.AddRange(client.Nodes);
        }

        return nodes;
    }

    private static List<RedisClient> LiveClients()
    {
        var clients = new List<RedisClient>();
        lock (Gate)
        {
            Clients.RemoveAll(held => !held.TryGetTarget(out _));
            foreach (var held in Clients)
            {
                if (held.TryGetTarget(out var client))
                {
                    clients.Add(client);
                }
            }
        }

        return clients;
    }

    private static void Count(Dictionary<(ServerTags, string, string), long> counts, ServerTags server, string kind, string state, long count)
    {
        if (count > 0)
        {
            var key = (server, kind, state);
            counts[key] = counts.GetValueOrDefault(key) + count;
        }
    }

    private static TagList PoolTags(ServerTags server)
    {
        var tags = new TagList
        {
            { TelemetryTags.DbSystemName, TelemetryTags.Redis },
            { TelemetryTags.ConnectionPoolName, server.PoolName },
        };
        Instrumentation.AddServer(ref tags, server);
        return tags;
    }
}
