using Multiplex.Commands;

namespace Multiplex.Topology.Cluster;

/// <summary>The commands the cluster topology sends on its own behalf.</summary>
internal static class ClusterTokens
{
    /// <summary>CLUSTER SHARDS (Redis 7+): the slot map with every node's addresses and health.</summary>
    public static readonly CommandSpec Shards = CommandSpec.Other("CLUSTER", "SHARDS");

    /// <summary>CLUSTER SLOTS: the slot map of servers before Redis 7.</summary>
    public static readonly CommandSpec Slots = CommandSpec.Other("CLUSTER", "SLOTS");
}
