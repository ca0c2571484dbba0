namespace Multiplex.Topology.Cluster;

/// <content>The <c>CLUSTER SLOTS</c> reply: one entry per slot range, <c>start, end, primary, replica…</c>.</content>
internal static partial class SlotMapReader
{
    private const string SlotsCommand = "CLUSTER SLOTS";

    // An entry holds at least a start, an end and its primary; a node at least a host and a port.
    private const int EntryMinimumLength = 3;
    private const int NodeMinimumLength = 2;
    private const int FirstReplicaIndex = 3;
    private const int NodeIdIndex = 2;

    /// <summary>
    /// The map a <c>CLUSTER SLOTS</c> reply describes: one shard per primary endpoint, with the ranges of
    /// every entry it serves. The server leaves failed replicas out of this reply.
    /// </summary>
    /// <param name="reply">The reply.</param>
    /// <param name="replyingNode">The node that sent it: its host stands in for nodes that give no address.</param>
    public static SlotMap FromSlots(RedisResult reply, RedisEndpoint replyingNode)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(replyingNode);
        var reader = new ClusterReplyReader(SlotsCommand, replyingNode);
        reader.ThrowIfError(reply);
        var entries = reader.List(reply, "the reply");
        var shards = new Dictionary<RedisEndpoint, SlotsShard>();
        var order = new List<SlotsShard>();
        for (var i = 0; i < entries.Count; i++)
        {
            var what = $"entry {i}";
            var parts = reader.List(entries[i], what);
            if (parts.Count < EntryMinimumLength)
            {
                throw reader.Malformed($"{what} has {parts.Count} elements, not a start, an end and a primary");
            }

            var range = reader.Range(parts[0], parts[1], $"the slot range of {what}");
            var (primary, id) = ReadSlotsNode(reader, parts[2], $"the primary of {what}");
            if (!shards.TryGetValue(primary, out var shard))
            {
                shard = new SlotsShard(primary, id);
                shards.Add(primary, shard);
                order.Add(shard);
            }

            shard.Ranges.Add(range);
            for (var j = FirstReplicaIndex; j < parts.Count; j++)
            {
                var (replica, _) = ReadSlotsNode(reader, parts[j], $"replica {j - FirstReplicaIndex} of {what}");
                if (replica != primary && !shard.Replicas.Contains(replica))
                {
                    shard.Replicas.Add(replica);
                }
            }
        }

        return reader.Map([.. order.Select(shard => new ClusterShard(shard.Primary, shard.Id, shard.Replicas, shard.Ranges))]);
    }

    /// <summary>A node of an entry: <c>host, port, id, metadata…</c>; the id and metadata may be missing.</summary>
    private static (RedisEndpoint Endpoint, string? Id) ReadSlotsNode(ClusterReplyReader reader, RedisResult node, string what)
    {
        var parts = reader.List(node, what);
        if (parts.Count < NodeMinimumLength)
        {
            throw reader.Malformed($"{what} has {parts.Count} elements, not a host and a port");
        }

        var host = reader.Text(parts[0], $"the host of {what}");
        var endpoint = reader.Endpoint(host, reader.Integer(parts[1], $"the port of {what}"), what);
        return (endpoint, parts.Count > NodeIdIndex ? reader.Text(parts[NodeIdIndex], $"the id of {what}") : null);
    }

    /// <summary>A shard gathered from the entries of one primary.</summary>
    private sealed class SlotsShard(RedisEndpoint primary, string? id)
    {
        public RedisEndpoint Primary { get; } = primary;

        public string? Id { get; } = id;

        public List<SlotRange> Ranges { get; } = [];

        public List<RedisEndpoint> Replicas { get; } = [];
    }
}
