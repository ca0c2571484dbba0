namespace Multiplex.Topology.Cluster;

/// <summary>The keys of a command that hash to one slot, as text for messages.</summary>
/// <param name="Slot">The hash slot.</param>
/// <param name="Keys">The keys in the caller's order, decoded as UTF-8.</param>
internal readonly record struct SlotKeys(int Slot, IReadOnlyList<string> Keys);
