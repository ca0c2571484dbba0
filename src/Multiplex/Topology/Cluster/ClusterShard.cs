namespace Multiplex.Topology.Cluster;

/// <summary>
/// One shard of a cluster as a slot map reply describes it: the primary that serves its slots, the
/// replicas that copy it and are fit to serve reads, and the slot ranges it owns (none for a primary
/// that holds no slots).
/// </summary>
internal sealed class ClusterShard(RedisEndpoint primary, string? primaryId, IReadOnlyList<RedisEndpoint> replicas, IReadOnlyList<SlotRange> slotRanges)
{
    /// <summary>Where the primary listens.</summary>
    public RedisEndpoint Primary { get; } = primary ?? throw new ArgumentNullException(nameof(primary));

    /// <summary>The primary's cluster node id, when the reply gave one.</summary>
    public string? PrimaryId { get; } = primaryId;

    /// <summary>The replicas reported healthy, each once, in reply order.</summary>
    public IReadOnlyList<RedisEndpoint> Replicas { get; } = replicas ?? throw new ArgumentNullException(nameof(replicas));

    /// <summary>The slot ranges the shard serves, in reply order.</summary>
    public IReadOnlyList<SlotRange> SlotRanges { get; } = slotRanges ?? throw new ArgumentNullException(nameof(slotRanges));

    /// <summary>
    /// Whether <paramref name="other"/> has the same primary endpoint and the same set of replica
    /// endpoints (in any order); node ids and slot ranges are not compared.
    /// </summary>
    public bool HasSameNodesAs(ClusterShard other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Primary != other.Primary || Replicas.Count != other.Replicas.Count)
        {
            return false;
        }

        // Replica lists are short and hold each endpoint once, so equal counts and inclusion mean equal sets.
        foreach (var replica in Replicas)
        {
            if (!other.Replicas.Contains(replica))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>primary [ranges] +N replicas</c>, for diagnostics.</summary>
    public override string ToString() => $"{Primary} [{string.Join(", ", SlotRanges)}] +{Replicas.Count} replicas";
}
