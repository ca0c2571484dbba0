namespace Multiplex.Topology.Cluster;

/// <summary>
/// The keys of a split command (<see cref="RouteKind.SplitBySlot"/>) that hash to one slot: the
/// command <see cref="SlotSplit.WritePart"/> writes for them, and where their replies go back among
/// the caller's keys.
/// </summary>
/// <param name="Slot">The hash slot every key of the part hashes to.</param>
/// <param name="KeyIndexes">The part's keys as indexes among the caller's keys (0 the first key), in the caller's order.</param>
/// <param name="KeyRanges">Where each of the part's keys sits in the frame that was split, matching <paramref name="KeyIndexes"/>.</param>
internal readonly record struct SlotPart(int Slot, int[] KeyIndexes, Range[] KeyRanges);
