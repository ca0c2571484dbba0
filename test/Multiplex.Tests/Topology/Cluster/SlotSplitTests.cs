using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Commands.Strings;
using Multiplex.Tests.Protocol;
using Multiplex.Topology;
using Multiplex.Topology.Cluster;

namespace Multiplex.Tests.Topology.Cluster;

public sealed class SlotSplitTests
{
    // CLUSTER KEYSLOT's documented example: both keys hash their tag "hash_tag" only.
    private const int HashTagSlot = 2515;

    [Test]
    public void Mget_over_three_slots_becomes_one_command_per_slot_in_the_order_of_first_appearance()
    {
        var frame = Wire.Bytes(Wire.Command("MGET", "{a}1", "{b}1", "{a}2", "{c}1", "{b}2"));

        var parts = SlotSplit.Split(StringTokens.MGet, frame);

        Assert.That(parts.Select(part => part.Slot), Is.EqualTo(new[] { Slot("a"), Slot("b"), Slot("c") }));
        Assert.That(parts.Select(part => part.KeyIndexes), Is.EqualTo(new[] { new[] { 0, 2 }, [1, 4], [3] }));
        Assert.That(parts.Select(part => Written(StringTokens.MGet, frame, part)), Is.EqualTo(new[]
        {
            Wire.Command("MGET", "{a}1", "{a}2"),
            Wire.Command("MGET", "{b}1", "{b}2"),
            Wire.Command("MGET", "{c}1"),
        }));
    }

    [Test]
    public void Keys_sharing_a_hash_tag_stay_in_one_part()
    {
        var frame = Wire.Bytes(Wire.Command("DEL", "{user}:a", "other", "{user}:b"));

        var parts = SlotSplit.Split(CommandTokens.Del, frame);

        Assert.That(parts, Has.Length.EqualTo(2));
        Assert.That(parts[0].Slot, Is.EqualTo(Slot("user")));
        Assert.That(parts[0].KeyIndexes, Is.EqualTo(new[] { 0, 2 }));
        Assert.That(Written(CommandTokens.Del, frame, parts[0]), Is.EqualTo(Wire.Command("DEL", "{user}:a", "{user}:b")));
        Assert.That(Written(CommandTokens.Del, frame, parts[1]), Is.EqualTo(Wire.Command("DEL", "other")));
    }

    [Test]
    public void Keys_in_one_slot_are_detected_as_needing_no_split()
    {
        var frame = Wire.Bytes(Wire.Command("EXISTS", "foo{hash_tag}", "bar{hash_tag}"));

        Assert.That(SlotSplit.AllInOneSlot(CommandTokens.Exists, frame, out var slot), Is.True);
        Assert.That(slot, Is.EqualTo(HashTagSlot));
        var slots = SlotSplit.SlotsOf(CommandTokens.Exists, frame);
        Assert.That((slots.Count, slots.Slot, slots.Groups.Count), Is.EqualTo((1, HashTagSlot, 0)));
        Assert.That(SlotSplit.Split(CommandTokens.Exists, frame), Has.Length.EqualTo(1));
    }

    [Test]
    public void Keys_in_several_slots_are_reported_per_slot_with_their_text()
    {
        // MSET's keys are every other argument: the values take no part.
        var frame = Wire.Bytes(Wire.Command("MSET", "a", "1", "b", "2", "{a}x", "3"));

        Assert.That(SlotSplit.AllInOneSlot(StringTokens.MSet, frame, out var first), Is.False);
        Assert.That(first, Is.EqualTo(Slot("a")));
        var slots = SlotSplit.SlotsOf(StringTokens.MSet, frame);
        Assert.That((slots.Count, slots.Slot), Is.EqualTo((2, Slot("a"))));
        Assert.That(slots.Groups, Is.EqualTo(new[] { new SlotKeys(Slot("a"), ["a", "{a}x"]), new SlotKeys(Slot("b"), ["b"]) })
            .Using<SlotKeys>((x, y) => x.Slot == y.Slot && x.Keys.SequenceEqual(y.Keys)));
    }

    [Test]
    public void A_command_without_keys_has_no_slot()
    {
        var frame = Wire.Bytes(Wire.Command("DBSIZE"));

        Assert.That(SlotSplit.AllInOneSlot(ServerTokens.DbSize, frame, out var slot), Is.True);
        Assert.That(slot, Is.EqualTo(SlotSplit.NoSlot));
        Assert.That(SlotSplit.SlotsOf(ServerTokens.DbSize, frame).Count, Is.Zero);
    }

    [Test]
    public void Finding_the_one_slot_of_a_command_allocates_nothing()
    {
        var frame = Wire.Bytes(Wire.Command("MGET", "{user}:a", "{user}:b", "{user}:c"));
        SlotSplit.SlotsOf(StringTokens.MGet, frame);
        var slots = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            slots += SlotSplit.SlotsOf(StringTokens.MGet, frame).Count;
            slots += SlotSplit.AllInOneSlot(StringTokens.MGet, frame, out _) ? 1 : 0;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(slots, Is.EqualTo(200));
    }

    [Test]
    public void A_command_whose_arguments_are_not_all_keys_is_not_split()
    {
        // Split, MSET's values would be lost: the guard names the command instead.
        var spec = CommandSpec.Write("MSET", KeySpec.Range(1, -1, 2)).SplitBySlot(ReplyAggregate.Sum);
        var frame = Wire.Bytes(Wire.Command("MSET", "a", "1", "b", "2"));

        Assert.That(() => SlotSplit.Split(spec, frame), Throws.InvalidOperationException.With.Message.Contains("MSET"));
    }

    [Test]
    public void A_command_not_routed_by_slot_is_not_split()
    {
        var frame = Wire.Bytes(Wire.Command("MSET", "a", "1", "b", "2"));

        Assert.That(() => SlotSplit.Split(StringTokens.MSet, frame), Throws.InvalidOperationException.With.Message.Contains("MSET"));
    }

    [Test]
    public void Random_keys_are_each_in_exactly_one_part_whose_slot_is_theirs()
    {
        var random = new Random(20_240_611);
        var keys = RandomKeys.Create(random, 300);
        var frame = Wire.Bytes(Wire.Command(["MGET", .. keys]));

        var parts = SlotSplit.Split(StringTokens.MGet, frame);

        Assert.That(parts.SelectMany(part => part.KeyIndexes).Order(), Is.EqualTo(Enumerable.Range(0, keys.Length)));
        Assert.That(parts.Select(part => part.Slot), Is.Unique);
        foreach (var part in parts)
        {
            Assert.That(part.KeyIndexes, Is.Ordered);
            Assert.That(part.KeyIndexes.Select(index => Slot(keys[index])), Is.All.EqualTo(part.Slot));
            var written = Wire.Bytes(Written(StringTokens.MGet, frame, part));
            Assert.That(StringTokens.MGet.Keys.ReadKeys(written).Select(key => Encoding.UTF8.GetString(key)),
                Is.EqualTo(part.KeyIndexes.Select(index => keys[index])));
        }
    }

    internal static string Written(CommandSpec spec, byte[] frame, SlotPart part)
    {
        var writer = new ArrayBufferWriter<byte>();
        SlotSplit.WritePart(spec, frame, part, writer);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }

    private static int Slot(string key) => HashSlot.Of(Encoding.UTF8.GetBytes(key));
}
