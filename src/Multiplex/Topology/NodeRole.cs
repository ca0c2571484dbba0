namespace Multiplex.Topology;

/// <summary>What a node is in its replication group.</summary>
internal enum NodeRole
{
    /// <summary>A primary: it takes writes.</summary>
    Primary,

    /// <summary>A replica of a primary: it serves reads when replica reads are allowed.</summary>
    Replica,
}
