namespace Multiplex;

/// <summary>Where a cluster client sends commands that only read.</summary>
public enum ReplicaReads
{
    /// <summary>Every command goes to the primary that owns its slot (reads see every acknowledged write).</summary>
    PrimaryOnly,

    /// <summary>
    /// Reads go to a connected replica of the owning shard, the primary when none is connected. Replicas
    /// lag their primary: a read may not see a write just acknowledged.
    /// </summary>
    PreferReplica,

    /// <summary>Reads go to a replica of the owning shard only; they wait (within their timeout) while none is connected.</summary>
    ReplicaOnly,

    /// <summary>
    /// Reads go to whichever node of the owning shard, primary or replica, answered the client's latest
    /// PING fastest (measured every second); the primary until a replica has been measured.
    /// </summary>
    LowestLatency,
}
