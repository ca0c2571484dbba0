namespace Multiplex.Topology.Cluster;

/// <summary>
/// Builds a <see cref="SlotMap"/> from one node's reply to <c>CLUSTER SHARDS</c> (Redis 7 and later,
/// https://redis.io/docs/latest/commands/cluster-shards/) or, for older servers, <c>CLUSTER SLOTS</c>
/// (https://redis.io/docs/latest/commands/cluster-slots/), in either protocol: RESP3 sends maps where
/// RESP2 sends arrays of alternating names and values. A reply of the wrong shape is a
/// <see cref="RedisProtocolException"/> naming the node and the part; an error reply is the server's error.
/// </summary>
internal static partial class SlotMapReader
{
    private const string ShardsCommand = "CLUSTER SHARDS";
    private const string PrimaryRole = "master";
    private const string ReplicaRole = "replica";
    private const string OnlineHealth = "online";

    // Redis 7.0 reports a replica that has not yet copied any write (replication offset 0) as loading, and a
    // fresh cluster's replicas stay so until the first write: they serve reads, so they are kept.
    private const string LoadingHealth = "loading";

    /// <summary>The map a <c>CLUSTER SHARDS</c> reply describes.</summary>
    /// <param name="reply">The reply.</param>
    /// <param name="replyingNode">The node that sent it: its host stands in for nodes that give no address.</param>
    /// <param name="useTls">Whether the client connects with TLS, so a node's <c>tls-port</c> is preferred.</param>
    public static SlotMap FromShards(RedisResult reply, RedisEndpoint replyingNode, bool useTls)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(replyingNode);
        var reader = new ClusterReplyReader(ShardsCommand, replyingNode);
        reader.ThrowIfError(reply);
        var entries = reader.List(reply, "the reply");
        var shards = new List<ClusterShard>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (ReadShard(reader, entries[i], $"shard {i}", useTls) is { } shard)
            {
                shards.Add(shard);
            }
        }

        return reader.Map(shards);
    }

    private static ClusterShard? ReadShard(ClusterReplyReader reader, RedisResult entry, string what, bool useTls)
    {
        var fields = reader.Fields(entry, what);
        var bounds = reader.List(reader.Required(fields, "slots", what), $"the slots of {what}");
        if (bounds.Count % 2 != 0)
        {
            throw reader.Malformed($"the slots of {what} are {bounds.Count} numbers, not pairs of a start and an end");
        }

        var ranges = new SlotRange[bounds.Count / 2];
        for (var i = 0; i < ranges.Length; i++)
        {
            ranges[i] = reader.Range(bounds[2 * i], bounds[(2 * i) + 1], $"slot range {i} of {what}");
        }

        var nodes = reader.List(reader.Required(fields, "nodes", what), $"the nodes of {what}");
        ShardNode? primary = null;
        var replicas = new List<RedisEndpoint>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = ReadNode(reader, nodes[i], $"node {i} of {what}", useTls);

            // A failed primary stays listed until a replica replaces it; an online one is preferred.
            // Other roles than these two take no traffic.
            if (node.Role == PrimaryRole && (primary is null || (!primary.Value.IsServing && node.IsServing)))
            {
                primary = node;
            }
            else if (node.Role == ReplicaRole && node.IsServing && !replicas.Contains(node.Endpoint))
            {
                replicas.Add(node.Endpoint);
            }
        }

        // Without a primary nobody serves the shard's slots: they count as uncovered. A failed primary
        // left without slots by a failover serves nothing and is not listed.
        if (primary is not { } owner || (ranges.Length == 0 && !owner.IsServing))
        {
            return null;
        }

        replicas.Remove(owner.Endpoint);
        return new ClusterShard(owner.Endpoint, owner.Id, replicas, ranges);
    }

    private static ShardNode ReadNode(ClusterReplyReader reader, RedisResult entry, string what, bool useTls)
    {
        var fields = reader.Fields(entry, what);
        string? Text(string name) => fields.TryGetValue(name, out var value) ? reader.Text(value, $"the {name} of {what}") : null;
        long Port(string name) => fields.TryGetValue(name, out var value) ? reader.Integer(value, $"the {name} of {what}") : 0;

        // The TLS port when the client speaks TLS and the node has one; else the plain port, or the TLS
        // port when it is the only one (the connection then says TLS is likely missing).
        var plainPort = Port("port");
        var tlsPort = Port("tls-port");
        var port = useTls && tlsPort > 0 ? tlsPort : plainPort > 0 ? plainPort : tlsPort;
        if (port == 0)
        {
            throw reader.Malformed($"{what} has neither a 'port' nor a 'tls-port'");
        }

        var role = reader.Text(reader.Required(fields, "role", what), $"the role of {what}");

        // Every CLUSTER SHARDS node reports its health; one that does not is taken as online.
        var health = Text("health");
        return new ShardNode(reader.Endpoint(Text("endpoint"), port, what), Text("id"), role, health is null or OnlineHealth or LoadingHealth);
    }

    private readonly record struct ShardNode(RedisEndpoint Endpoint, string? Id, string? Role, bool IsServing);
}
