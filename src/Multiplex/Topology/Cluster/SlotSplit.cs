using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Which hash slots a command's keys hash to, and the split of a command whose keys may span several
/// (<see cref="RouteKind.SplitBySlot"/>: MGET, EXISTS, DEL, UNLINK, TOUCH) into one command per slot, as
/// a cluster requires (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#key-distribution-model).
/// Works on the encoded frame (see <see cref="CommandFrame"/>); no I/O.
/// </summary>
internal static class SlotSplit
{
    /// <summary>The slot reported for a command without keys.</summary>
    public const int NoSlot = HashSlot.NoKeys;

    // A thread reuses its key list between calls, so that a command of the usual size is checked without
    // allocating; a list grown past this capacity by a huge MGET is dropped on the thread's next call.
    private const int RetainedKeyCapacity = 1024;

    [ThreadStatic]
    private static List<Range>? _scratchKeys;

    /// <summary>
    /// Whether every key of the command hashes to one slot, so it needs no split; true as well for a
    /// command without keys, whose <paramref name="slot"/> is <see cref="NoSlot"/>.
    /// </summary>
    /// <param name="spec">The command's declaration, which says where its keys are.</param>
    /// <param name="frame">The encoded command.</param>
    /// <param name="slot">The slot of the first key, or <see cref="NoSlot"/>.</param>
    public static bool AllInOneSlot(CommandSpec spec, ReadOnlySpan<byte> frame, out int slot)
    {
        var shared = spec.Keys.SlotOf(frame);
        if (shared != HashSlot.CrossSlot)
        {
            slot = shared == HashSlot.NoKeys ? NoSlot : shared;
            return true;
        }

        slot = spec.Keys.TryFindFirstKey(frame, out var first) ? HashSlot.Of(frame[first]) : NoSlot;
        return false;
    }

    /// <summary>
    /// The distinct slots of the command's keys; when there are several, each with its keys as text
    /// (for the message refusing a multi-key command whose keys are not in one slot).
    /// </summary>
    public static KeySlots SlotsOf(CommandSpec spec, ReadOnlySpan<byte> frame)
    {
        if (AllInOneSlot(spec, frame, out var slot))
        {
            return slot == NoSlot ? KeySlots.None : KeySlots.Single(slot);
        }

        var parts = GroupBySlot(frame, FindKeys(spec, frame));
        var slots = new SlotKeys[parts.Length];
        for (var p = 0; p < parts.Length; p++)
        {
            var ranges = parts[p].KeyRanges;
            var names = new string[ranges.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Encoding.UTF8.GetString(frame[ranges[i]]);
            }

            slots[p] = new SlotKeys(parts[p].Slot, names);
        }

        return KeySlots.Several(slots);
    }

    /// <summary>
    /// Splits the command into one part per distinct slot of its keys, in the order of each slot's first
    /// key; each part keeps its keys in the caller's order. A command without keys gives no part (check
    /// <see cref="AllInOneSlot"/> first: such a command is sent as it is).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The command is not declared <see cref="RouteKind.SplitBySlot"/>, or an argument after its name is
    /// not a key, which the split would lose.
    /// </exception>
    public static SlotPart[] Split(CommandSpec spec, ReadOnlySpan<byte> frame)
    {
        if (spec.Route != RouteKind.SplitBySlot)
        {
            throw new InvalidOperationException($"{spec.Name} is routed by {spec.Route}: only a command routed SplitBySlot is split by slot.");
        }

        var keys = FindKeys(spec, frame);
        var arguments = CommandFrame.ArgumentCount(frame) - spec.NameLength;
        if (keys.Count != arguments)
        {
            throw new InvalidOperationException(
                $"{spec.Name} cannot be split by slot: {keys.Count} of the {arguments} arguments after its name are keys, and a split keeps only keys.");
        }

        return GroupBySlot(frame, keys);
    }

    /// <summary>Writes the command of one part: the same name (and subcommand), then the part's keys.</summary>
    /// <param name="spec">The command that was split.</param>
    /// <param name="frame">The frame that was split (the part's key ranges point into it).</param>
    /// <param name="part">One of the parts <see cref="Split"/> returned for this frame.</param>
    /// <param name="writer">Where the part's frame goes.</param>
    public static void WritePart(CommandSpec spec, ReadOnlySpan<byte> frame, SlotPart part, IBufferWriter<byte> writer)
    {
        RespWriter.WriteArrayHeader(writer, spec.NameLength + part.KeyRanges.Length);
        spec.WriteName(writer);
        foreach (var key in part.KeyRanges)
        {
            RespWriter.WriteBulkString(writer, frame[key]);
        }
    }

    private static List<Range> FindKeys(CommandSpec spec, ReadOnlySpan<byte> frame)
    {
        var keys = _scratchKeys;
        if (keys is null || keys.Capacity > RetainedKeyCapacity)
        {
            keys = _scratchKeys = [];
        }

        keys.Clear();
        spec.Keys.FindKeys(frame, keys);
        return keys;
    }

    /// <summary>The keys grouped by slot, the groups in the order of their first keys.</summary>
    private static SlotPart[] GroupBySlot(ReadOnlySpan<byte> frame, List<Range> keys)
    {
        var groups = new List<(int Slot, List<int> Indexes)>();
        var groupOfSlot = new Dictionary<int, int>();
        for (var i = 0; i < keys.Count; i++)
        {
            var slot = HashSlot.Of(frame[keys[i]]);
            if (!groupOfSlot.TryGetValue(slot, out var group))
            {
                group = groups.Count;
                groupOfSlot.Add(slot, group);
                groups.Add((slot, []));
            }

            groups[group].Indexes.Add(i);
        }

        var parts = new SlotPart[groups.Count];
        for (var g = 0; g < parts.Length; g++)
        {
            var (slot, indexes) = groups[g];
            var ranges = new Range[indexes.Count];
            for (var i = 0; i < ranges.Length; i++)
            {
                ranges[i] = keys[indexes[i]];
            }

            parts[g] = new SlotPart(slot, [.. indexes], ranges);
        }

        return parts;
    }
}
