namespace Multiplex.Topology.Cluster;

/// <summary>The nodes of one shard as the client uses them: the primary, and the replicas reads may go to.</summary>
internal sealed class ShardNodes(RedisNode primary, RedisNode[] replicas)
{
    private uint _next;

    /// <summary>The node that owns the shard's slots.</summary>
    public RedisNode Primary { get; } = primary;

    /// <summary>The replicas the client keeps connections to (none unless replica reads are on).</summary>
    public RedisNode[] Replicas { get; } = replicas;

    /// <summary>A connected replica, taken in turn; null when none is connected.</summary>
    public RedisNode? ConnectedReplica()
    {
        var replicas = Replicas;
        for (var tried = 0; tried < replicas.Length; tried++)
        {
            var replica = replicas[Interlocked.Increment(ref _next) % (uint)replicas.Length];
            if (replica.IsConnected)
            {
                return replica;
            }
        }

        return null;
    }

    /// <summary>The connected node of the shard whose latency probe was answered fastest; the primary until one was.</summary>
    public RedisNode Fastest()
    {
        var fastest = Primary;
        var best = Primary.RoundTrip ?? TimeSpan.MaxValue;
        foreach (var replica in Replicas)
        {
            if (replica.IsConnected && replica.RoundTrip is { } roundTrip && roundTrip < best)
            {
                fastest = replica;
                best = roundTrip;
            }
        }

        return fastest;
    }
}
