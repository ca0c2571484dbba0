namespace Multiplex.Testing.Processes;

/// <summary>One line of a <see cref="ClusterView"/>: a node as the viewer sees it.</summary>
internal sealed record ClusterViewNode(
    string Id,
    string Address,
    IReadOnlySet<string> Flags,
    string? PrimaryId,
    string LinkState,
    IReadOnlyList<(int First, int Last)> SlotRanges,
    IReadOnlyDictionary<int, string> Migrating,
    IReadOnlyDictionary<int, string> Importing)
{
    /// <summary>The viewer's own line.</summary>
    public bool IsMyself => Flags.Contains("myself");

    /// <summary>Flagged <c>master</c>.</summary>
    public bool IsPrimary => Flags.Contains("master");

    /// <summary>Flagged <c>slave</c>.</summary>
    public bool IsReplica => Flags.Contains("slave");

    /// <summary>Flagged <c>fail</c>: the cluster agreed the node is down (not just <c>fail?</c>, suspected by the viewer).</summary>
    public bool IsFailed => Flags.Contains("fail");

    /// <summary>Anything short of a healthy, known node: failed, suspected, in handshake or without an address.</summary>
    public bool IsUnsettled => Flags.Overlaps(["fail", "fail?", "handshake", "noaddr"]);

    /// <summary>Every slot the node serves, in order.</summary>
    public IEnumerable<int> Slots => SlotRanges.SelectMany(range => Enumerable.Range(range.First, range.Last - range.First + 1));
}
