namespace Multiplex.Topology.Cluster;

/// <summary>Which redirection a cluster node answered with.</summary>
internal enum ClusterRedirectKind
{
    /// <summary><c>MOVED</c>: the slot now lives on the target for good; the slot map is out of date.</summary>
    Moved,

    /// <summary><c>ASK</c>: the slot is migrating; this one command goes to the target, preceded by <c>ASKING</c>.</summary>
    Ask,
}
