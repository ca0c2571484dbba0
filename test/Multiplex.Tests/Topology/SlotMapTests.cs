using Multiplex.Topology;
using Multiplex.Topology.Cluster;

namespace Multiplex.Tests.Topology;

/// <summary>The slot map itself: lookups, coverage, its endpoints, and whether two maps route alike.</summary>
public sealed class SlotMapTests
{
    private static readonly RedisEndpoint A = RedisEndpoint.Tcp("10.0.0.1", 7001);
    private static readonly RedisEndpoint B = RedisEndpoint.Tcp("10.0.0.2", 7002);
    private static readonly RedisEndpoint C = RedisEndpoint.Tcp("10.0.0.3", 7003);
    private static readonly RedisEndpoint D = RedisEndpoint.Tcp("10.0.0.4", 7004);

    private const int Half = HashSlot.Count / 2;

    [Test]
    public void Every_slot_finds_the_shard_whose_range_holds_it()
    {
        var map = Map(Shard(A, [B], (0, Half - 1)), Shard(C, [D], (Half, HashSlot.Count - 1)));

        Assert.Multiple(() =>
        {
            Assert.That(map.ShardOf(0)!.Primary, Is.EqualTo(A));
            Assert.That(map.ShardOf(Half - 1)!.Primary, Is.EqualTo(A));
            Assert.That(map.ShardOf(Half)!.Primary, Is.EqualTo(C));
            Assert.That(map.UncoveredSlots, Is.Zero);
            Assert.That(() => map.ShardOf(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => map.ShardOf(HashSlot.Count), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void All_endpoints_lists_primaries_then_replicas_each_once()
    {
        var map = Map(Shard(A, [B, C], (0, 9)), Shard(C, [A, D], (10, 19)));

        Assert.That(map.AllEndpoints, Is.EqualTo(new[] { A, C, B, D }));
    }

    [Test]
    public void Two_maps_with_the_same_nodes_per_slot_are_the_same_whatever_the_order_ids_and_range_splits()
    {
        var map = Map(Shard(A, [B, D], (0, Half - 1)), Shard(C, [], (Half, HashSlot.Count - 1)));
        var reordered = Map(
            Shard(C, [], (Half, HashSlot.Count - 1)),
            new ClusterShard(A, "another-id", [D, B], [new SlotRange(0, 9), new SlotRange(10, Half - 1)]));

        Assert.That(map.SameAs(reordered) && reordered.SameAs(map), Is.True);
    }

    [Test]
    public void A_moved_slot_a_changed_replica_or_a_lost_slot_makes_maps_differ()
    {
        var map = Map(Shard(A, [B], (0, Half - 1)), Shard(C, [D], (Half, HashSlot.Count - 1)));
        var slotMoved = Map(Shard(A, [B], (0, Half)), Shard(C, [D], (Half + 1, HashSlot.Count - 1)));
        var replicaGone = Map(Shard(A, [], (0, Half - 1)), Shard(C, [D], (Half, HashSlot.Count - 1)));
        var replicaSwapped = Map(Shard(A, [D], (0, Half - 1)), Shard(C, [B], (Half, HashSlot.Count - 1)));
        var slotLost = Map(Shard(A, [B], (0, Half - 2)), Shard(C, [D], (Half, HashSlot.Count - 1)));

        Assert.Multiple(() =>
        {
            Assert.That(map.SameAs(slotMoved), Is.False, "slot moved");
            Assert.That(map.SameAs(replicaGone), Is.False, "replica gone");
            Assert.That(map.SameAs(replicaSwapped), Is.False, "replicas swapped");
            Assert.That(map.SameAs(slotLost) || slotLost.SameAs(map), Is.False, "slot lost");
            Assert.That(slotLost.UncoveredSlots, Is.EqualTo(1));
        });
    }

    [Test]
    public void Overlapping_or_out_of_range_slot_ranges_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Map(Shard(A, [], (0, 10)), Shard(C, [], (10, 20))), Throws.ArgumentException.With.Message.Contains("slot 10"));
            Assert.That(() => Map(Shard(A, [], (0, HashSlot.Count))), Throws.ArgumentException);
            Assert.That(() => Map(Shard(A, [], (5, 4))), Throws.ArgumentException);
        });
    }

    private static ClusterShard Shard(RedisEndpoint primary, RedisEndpoint[] replicas, params (int Start, int End)[] ranges) =>
        new(primary, null, replicas, [.. ranges.Select(range => new SlotRange(range.Start, range.End))]);

    private static SlotMap Map(params ClusterShard[] shards) => new(shards);
}
