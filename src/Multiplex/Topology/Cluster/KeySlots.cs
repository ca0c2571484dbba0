namespace Multiplex.Topology.Cluster;

/// <summary>
/// The distinct hash slots of a command's keys (<see cref="SlotSplit.SlotsOf"/>). When the keys share
/// one slot (or there are none), which is what a valid command has, nothing is allocated; the keys are
/// listed per slot only when they span several, for the message that refuses the command.
/// </summary>
internal readonly struct KeySlots
{
    private readonly SlotKeys[]? _groups;

    private KeySlots(int count, int slot, SlotKeys[]? groups)
    {
        Count = count;
        Slot = slot;
        _groups = groups;
    }

    /// <summary>How many distinct slots the keys hash to: 0 when the command has no key.</summary>
    public int Count { get; }

    /// <summary>The slot of the first key (the only slot when <see cref="Count"/> is 1); <see cref="SlotSplit.NoSlot"/> without keys.</summary>
    public int Slot { get; }

    /// <summary>
    /// Each slot with its keys, in the order of the slots' first keys, when <see cref="Count"/> is more
    /// than 1; empty otherwise.
    /// </summary>
    public IReadOnlyList<SlotKeys> Groups => _groups ?? [];

    /// <summary>No key at all.</summary>
    public static KeySlots None => new(0, SlotSplit.NoSlot, null);

    /// <summary>Every key hashes to <paramref name="slot"/>.</summary>
    public static KeySlots Single(int slot) => new(1, slot, null);

    /// <summary>The keys span the slots of <paramref name="groups"/> (at least two).</summary>
    public static KeySlots Several(SlotKeys[] groups) => new(groups.Length, groups[0].Slot, groups);
}
