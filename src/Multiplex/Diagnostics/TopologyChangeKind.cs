namespace Multiplex;

/// <summary>What changed in the servers a client talks to (<see cref="TopologyChangedEventArgs.Kind"/>).</summary>
public enum TopologyChangeKind
{
    /// <summary>The cluster's slot map changed: a slot got a new owner, or nodes were added or retired.</summary>
    SlotMap,

    /// <summary>A new primary is in use: a Sentinel failover, or the primary among plain endpoints changed.</summary>
    PrimaryChanged,

    /// <summary>The replicas a Sentinel client reads from changed.</summary>
    Replicas,
}
