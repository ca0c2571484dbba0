namespace Multiplex.Topology;

/// <summary>
/// How a command finds the node(s) it goes to. The standalone topology has one node and sends every
/// command there; the cluster topology reads the kind (and the keys, see <see cref="KeySpec"/>) to pick
/// a node by hash slot or to fan the command out.
/// </summary>
internal enum RouteKind
{
    /// <summary>By the hash slot of its keys; all of them must be in one slot (MSET, RENAME, SINTERSTORE, …).</summary>
    Keys,

    /// <summary>It touches no key: any node serves it (a replica too when it only reads).</summary>
    AnyNode,

    /// <summary>Sent to every primary; the replies are combined by the route's <see cref="ReplyAggregate"/>.</summary>
    AllPrimaries,

    /// <summary>Sent to every node, primaries and replicas (CONFIG SET, SCRIPT LOAD); the replies are combined.</summary>
    AllNodes,

    /// <summary>
    /// Its keys are split by hash slot, one command per slot, and the replies merged back in the
    /// caller's key order. Only for commands where that is safe (MGET, EXISTS, DEL, UNLINK, TOUCH):
    /// never for an atomic multi-key write.
    /// </summary>
    SplitBySlot,
}
