using Multiplex.Tests.Protocol;
using Multiplex.Topology;
using Multiplex.Topology.Cluster;
using static Multiplex.Tests.Topology.ClusterReplyWire;

namespace Multiplex.Tests.Topology;

/// <summary>
/// CLUSTER SHARDS and CLUSTER SLOTS replies read into slot maps. The recorded replies come from a
/// redis-server 7.0 cluster on 127.0.0.1:31701-31706 after slot 100 moved from 31701 to 31702, the
/// replica 31704 of 31702 failed, and the primary 31703 failed over to its replica 31705.
/// </summary>
public sealed class SlotMapReaderTests
{
    private const string FirstPrimaryId = "382fcd4bab164f7437119acb7ac0a714f56d2681";

    private static readonly RedisEndpoint Replying = RedisEndpoint.Tcp("redis-a.internal", 7000);
    private static readonly ClusterReplyWire Resp2 = new(RedisProtocol.Resp2);
    private static readonly ClusterReplyWire Resp3 = new(RedisProtocol.Resp3);

    [TestCase("cluster-shards-resp2.resp")]
    [TestCase("cluster-shards-resp3.resp")]
    public void A_recorded_shards_reply_maps_every_slot_to_its_primary(string file)
    {
        var map = SlotMapReader.FromShards(Recorded(file), Local(31701), useTls: false);

        Assert.Multiple(() =>
        {
            Assert.That(map.UncoveredSlots, Is.Zero);
            Assert.That(map.Shards.Select(shard => shard.Primary), Is.EqualTo(new[] { Local(31702), Local(31701), Local(31705) }), "the failed primary without slots is left out");
            Assert.That(map.ShardOf(99)!.Primary, Is.EqualTo(Local(31701)));
            Assert.That(map.ShardOf(100)!.Primary, Is.EqualTo(Local(31702)));
            Assert.That(map.ShardOf(101)!.Primary, Is.EqualTo(Local(31701)));
            Assert.That(map.ShardOf(HashSlot.Count - 1)!.Primary, Is.EqualTo(Local(31705)));
            Assert.That(map.ShardOf(100)!.SlotRanges, Is.EqualTo(new[] { new SlotRange(100, 100), new SlotRange(5461, 10922) }));
            Assert.That(map.ShardOf(0)!.SlotRanges, Is.EqualTo(new[] { new SlotRange(0, 99), new SlotRange(101, 5460) }));
            Assert.That(map.ShardOf(0)!.PrimaryId, Is.EqualTo(FirstPrimaryId));
            Assert.That(map.ShardOf(0)!.Replicas, Is.EqualTo(new[] { Local(31706) }));
            Assert.That(map.ShardOf(100)!.Replicas, Is.Empty, "the failed replica 31704 is left out");
            Assert.That(map.AllEndpoints, Is.EqualTo(new[] { Local(31702), Local(31701), Local(31705), Local(31706) }));
        });
    }

    [TestCase("cluster-slots-resp2.resp")]
    [TestCase("cluster-slots-resp3.resp")]
    public void A_recorded_slots_reply_gathers_the_ranges_of_one_primary_into_one_shard(string file)
    {
        var map = SlotMapReader.FromSlots(Recorded(file), Local(31701));

        Assert.Multiple(() =>
        {
            Assert.That(map.UncoveredSlots, Is.Zero);
            Assert.That(map.Shards.Select(shard => shard.Primary), Is.EqualTo(new[] { Local(31701), Local(31702), Local(31705) }));
            Assert.That(map.ShardOf(0)!.SlotRanges, Is.EqualTo(new[] { new SlotRange(0, 99), new SlotRange(101, 5460) }));
            Assert.That(map.ShardOf(0)!.PrimaryId, Is.EqualTo(FirstPrimaryId));
            Assert.That(map.ShardOf(0)!.Replicas, Is.EqualTo(new[] { Local(31706) }));
            Assert.That(map.ShardOf(100)!.SlotRanges, Is.EqualTo(new[] { new SlotRange(100, 100), new SlotRange(5461, 10922) }));
        });
    }

    [Test]
    public void Shards_and_slots_replies_of_one_moment_give_the_same_map_in_both_protocols()
    {
        var shards2 = SlotMapReader.FromShards(Recorded("cluster-shards-resp2.resp"), Local(31701), useTls: false);
        var shards3 = SlotMapReader.FromShards(Recorded("cluster-shards-resp3.resp"), Local(31701), useTls: false);
        var slots2 = SlotMapReader.FromSlots(Recorded("cluster-slots-resp2.resp"), Local(31701));
        var slots3 = SlotMapReader.FromSlots(Recorded("cluster-slots-resp3.resp"), Local(31701));

        Assert.That(new[] { shards3, slots2, slots3 }.Select(shards2.SameAs), Is.All.True);
    }

    [TestCase(RedisProtocol.Resp2)]
    [TestCase(RedisProtocol.Resp3)]
    public void Nodes_without_an_address_of_their_own_are_at_the_replying_host(RedisProtocol protocol)
    {
        var wire = new ClusterReplyWire(protocol);
        var reply = wire.Shards(
            wire.Shard([0, 99], wire.Node("?", 7001), wire.Node("?", 7004, "replica")),
            wire.Shard([100, 199], wire.Node(string.Empty, 7002), wire.Node("::1", 7005, "replica")),
            wire.Shard([200, HashSlot.Count - 1], wire.Node("redis-c.internal", 7003)));

        var map = SlotMapReader.FromShards(reply, Replying, useTls: false);

        Assert.Multiple(() =>
        {
            Assert.That(map.ShardOf(0)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("redis-a.internal", 7001)));
            Assert.That(map.ShardOf(0)!.Replicas, Is.EqualTo(new[] { RedisEndpoint.Tcp("redis-a.internal", 7004) }));
            Assert.That(map.ShardOf(100)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("redis-a.internal", 7002)));
            Assert.That(map.ShardOf(100)!.Replicas, Is.EqualTo(new[] { RedisEndpoint.Tcp("::1", 7005) }));
            Assert.That(map.ShardOf(200)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("redis-c.internal", 7003)));
        });
    }

    [TestCase(true, 17001, 17001)]
    [TestCase(false, 17001, 7001)]
    [TestCase(true, 0, 7001)]
    [TestCase(true, null, 7001)]
    public void The_tls_port_is_taken_when_the_client_uses_tls_and_the_node_has_one(bool useTls, int? tlsPort, int expected)
    {
        var reply = Resp3.Shards(Resp3.Shard([0, HashSlot.Count - 1], Resp3.Node("10.0.0.1", 7001, tlsPort: tlsPort)));

        var map = SlotMapReader.FromShards(reply, Replying, useTls);

        Assert.That(map.ShardOf(0)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("10.0.0.1", expected)));
    }

    [Test]
    public void A_node_with_only_a_tls_port_is_reached_there_without_tls_too()
    {
        var node = Resp2.Fields(("id", Bulk("n")), ("tls-port", Integer(17001)), ("endpoint", Bulk("10.0.0.1")), ("role", Bulk("master")));

        var map = SlotMapReader.FromShards(Resp2.Shards(Resp2.Shard([0, 1], node)), Replying, useTls: false);

        Assert.That(map.ShardOf(0)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("10.0.0.1", 17001)));
    }

    [TestCase(RedisProtocol.Resp2)]
    [TestCase(RedisProtocol.Resp3)]
    public void Only_online_and_loading_replicas_are_kept_each_once(RedisProtocol protocol)
    {
        var wire = new ClusterReplyWire(protocol);
        var reply = wire.Shards(wire.Shard(
            [0, HashSlot.Count - 1],
            wire.Node("10.0.0.1", 7001),
            wire.Node("10.0.0.2", 7002, "replica"),
            wire.Node("10.0.0.3", 7003, "replica", health: "failed"),
            wire.Node("10.0.0.4", 7004, "replica", health: "fail"),
            wire.Node("10.0.0.5", 7005, "replica", health: "loading"),
            wire.Node("10.0.0.2", 7002, "replica")));

        var shard = SlotMapReader.FromShards(reply, Replying, useTls: false).Shards.Single();

        Assert.That(shard.Replicas, Is.EqualTo(new[] { RedisEndpoint.Tcp("10.0.0.2", 7002), RedisEndpoint.Tcp("10.0.0.5", 7005) }));
    }

    [Test]
    public void An_online_primary_is_preferred_to_a_failed_one_listed_in_the_same_shard()
    {
        var reply = Resp3.Shards(Resp3.Shard(
            [0, HashSlot.Count - 1],
            Resp3.Node("10.0.0.1", 7001, health: "failed", id: "old"),
            Resp3.Node("10.0.0.2", 7002, id: "new")));

        var shard = SlotMapReader.FromShards(reply, Replying, useTls: false).ShardOf(0)!;

        Assert.That((shard.Primary, shard.PrimaryId), Is.EqualTo((RedisEndpoint.Tcp("10.0.0.2", 7002), "new")));
    }

    [Test]
    public void Slots_of_no_shard_are_uncovered_and_an_online_primary_without_slots_is_listed()
    {
        var reply = Resp2.Shards(
            Resp2.Shard([0, 999, 2000, 2999], Resp2.Node("10.0.0.1", 7001)),
            Resp2.Shard([], Resp2.Node("10.0.0.2", 7002)),
            Resp2.Shard([3000, 3999], Resp2.Node("10.0.0.3", 7003, "replica")));

        var map = SlotMapReader.FromShards(reply, Replying, useTls: false);

        Assert.Multiple(() =>
        {
            Assert.That(map.UncoveredSlots, Is.EqualTo(HashSlot.Count - 2000), "the shard with only a replica serves nothing");
            Assert.That(map.ShardOf(1000), Is.Null);
            Assert.That(map.ShardOf(2999)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("10.0.0.1", 7001)));
            Assert.That(map.Shards.Select(shard => shard.Primary.Port), Is.EqualTo(new[] { 7001, 7002 }));
            Assert.That(map.Shards[1].SlotRanges, Is.Empty);
        });
    }

    [Test]
    public void A_slots_reply_gives_nodes_without_an_address_the_replying_host_and_gathers_ranges()
    {
        var reply = Wire.Result(Array(
            Array(Integer(0), Integer(49), SlotsNode("?", 7001), SlotsNode(null, 7004)),
            Array(Integer(100), Integer(HashSlot.Count - 1), Array(Bulk(string.Empty), Integer(7002)), SlotsNode("::1", 7005)),
            Array(Integer(50), Integer(99), SlotsNode("?", 7001), SlotsNode(null, 7004), SlotsNode("10.0.0.6", 7006))));

        var map = SlotMapReader.FromSlots(reply, Replying);

        Assert.Multiple(() =>
        {
            Assert.That(map.Shards, Has.Count.EqualTo(2));
            Assert.That(map.ShardOf(0)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("redis-a.internal", 7001)));
            Assert.That(map.ShardOf(0)!.SlotRanges, Is.EqualTo(new[] { new SlotRange(0, 49), new SlotRange(50, 99) }));
            Assert.That(map.ShardOf(0)!.Replicas, Is.EqualTo(new[] { RedisEndpoint.Tcp("redis-a.internal", 7004), RedisEndpoint.Tcp("10.0.0.6", 7006) }));
            Assert.That(map.ShardOf(100)!.Primary, Is.EqualTo(RedisEndpoint.Tcp("redis-a.internal", 7002)));
            Assert.That(map.ShardOf(100)!.PrimaryId, Is.Null, "a node may be sent without its id");
            Assert.That(map.ShardOf(100)!.Replicas, Is.EqualTo(new[] { RedisEndpoint.Tcp("::1", 7005) }));
        });
    }

    [TestCaseSource(nameof(MalformedShards))]
    public void A_malformed_shards_reply_is_a_protocol_error_naming_the_node_and_the_part(string wire, string part)
    {
        var error = Assert.Throws<RedisProtocolException>(() => SlotMapReader.FromShards(Wire.Result(wire), Replying, useTls: false));

        Assert.That(error!.Message, Does.Contain("CLUSTER SHARDS").And.Contain("redis-a.internal:7000").And.Contain(part));
    }

    [TestCaseSource(nameof(MalformedSlots))]
    public void A_malformed_slots_reply_is_a_protocol_error_naming_the_node_and_the_part(string wire, string part)
    {
        var error = Assert.Throws<RedisProtocolException>(() => SlotMapReader.FromSlots(Wire.Result(wire), Replying));

        Assert.That(error!.Message, Does.Contain("CLUSTER SLOTS").And.Contain("redis-a.internal:7000").And.Contain(part));
    }

    [Test]
    public void An_error_reply_is_the_servers_error()
    {
        var reply = Wire.Result("-ERR This instance has cluster support disabled\r\n");

        var error = Assert.Throws<RedisServerException>(() => SlotMapReader.FromShards(reply, Replying, useTls: false));

        Assert.That(error!.ServerMessage, Does.StartWith("ERR This instance has cluster support disabled"));
        Assert.That(() => SlotMapReader.FromSlots(reply, Replying), Throws.TypeOf<RedisServerException>());
    }

    [Test]
    public void A_node_without_an_address_cannot_borrow_the_host_of_a_unix_socket()
    {
        var reply = Resp3.Shards(Resp3.Shard([0, 1], Resp3.Node("?", 7001)));

        Assert.That(
            () => SlotMapReader.FromShards(reply, RedisEndpoint.Unix("/tmp/redis.sock"), useTls: false),
            Throws.TypeOf<RedisProtocolException>().With.Message.Contains("unix socket"));
    }

    private static IEnumerable<TestCaseData> MalformedShards()
    {
        var node = Resp2.Node("10.0.0.1", 7001);
        TestCaseData Case(string name, string wire, string part) => new TestCaseData(wire, part).SetArgDisplayNames(name);

        yield return Case("not an array", Integer(1), "the reply is of type Integer");
        yield return Case("null", "*-1\r\n", "the reply is null");
        yield return Case("shard not a map", Array(Integer(1)), "shard 0 is of type Integer");
        yield return Case("odd fields", Array(Array(Bulk("slots"))), "shard 0 is of type Array with 1 elements");
        yield return Case("no slots", Array(Resp2.Fields(("nodes", Array(node)))), "shard 0 has no 'slots' field");
        yield return Case("no nodes", Array(Resp3.Fields(("slots", Array()))), "shard 0 has no 'nodes' field");
        yield return Case("odd slot bounds", Array(Resp2.Fields(("slots", Array(Integer(1))), ("nodes", Array(node)))), "are 1 numbers");
        yield return Case("slot past the end", Array(Resp2.Shard([0, HashSlot.Count], node)), "16384");
        yield return Case("slot not a number", Array(Resp2.Fields(("slots", Array(Integer(0), Bulk("x"))), ("nodes", Array(node)))), "the end of slot range 0 of shard 0");
        yield return Case("start after end", Array(Resp2.Shard([9, 3], node)), "9 to 3");
        yield return Case("nodes not an array", Array(Resp2.Fields(("slots", Array()), ("nodes", Integer(1)))), "the nodes of shard 0");
        yield return Case("node without port", Array(Resp2.Shard([0, 1], Resp2.Fields(("endpoint", Bulk("h")), ("role", Bulk("master"))))), "neither a 'port' nor a 'tls-port'");
        yield return Case("port out of range", Array(Resp2.Shard([0, 1], Resp2.Node("10.0.0.1", 70000))), "port 70000");
        yield return Case("bad address", Array(Resp2.Shard([0, 1], Resp2.Node("not a host", 7001))), "'not a host'");
        yield return Case("no role", Array(Resp2.Shard([0, 1], Resp2.Fields(("endpoint", Bulk("h")), ("port", Integer(1))))), "has no 'role' field");
        yield return Case("field name null", Array(Array(Bulk(null), Array())), "a field name of shard 0 is null");
        yield return Case("endpoint an array", Array(Resp2.Shard([0, 1], Resp2.Fields(("endpoint", Array()), ("port", Integer(1)), ("role", Bulk("master"))))), "the endpoint of node 0 of shard 0");
        yield return Case("overlapping shards", Array(Resp2.Shard([0, 10], node), Resp2.Shard([10, 20], Resp2.Node("10.0.0.2", 7002))), "slot 10 is claimed by both 10.0.0.1:7001 and 10.0.0.2:7002");
    }

    private static IEnumerable<TestCaseData> MalformedSlots()
    {
        var node = SlotsNode("10.0.0.1", 7001);
        TestCaseData Case(string name, string wire, string part) => new TestCaseData(wire, part).SetArgDisplayNames(name);

        yield return Case("not an array", Bulk("x"), "the reply is of type BulkString");
        yield return Case("entry not an array", Array(Integer(1)), "entry 0 is of type Integer");
        yield return Case("entry without primary", Array(Array(Integer(0), Integer(1))), "entry 0 has 2 elements");
        yield return Case("slot past the end", Array(Array(Integer(0), Integer(HashSlot.Count), node)), "16384");
        yield return Case("negative slot", Array(Array(Integer(-1), Integer(3), node)), "-1 to 3");
        yield return Case("node without port", Array(Array(Integer(0), Integer(1), Array(Bulk("h")))), "the primary of entry 0 has 1 elements");
        yield return Case("port not a number", Array(Array(Integer(0), Integer(1), Array(Bulk("h"), Bulk("p")))), "the port of the primary of entry 0");
        yield return Case("port zero", Array(Array(Integer(0), Integer(1), SlotsNode("h", 0))), "port 0");
        yield return Case("replica not an array", Array(Array(Integer(0), Integer(1), node, Integer(3))), "replica 0 of entry 0");
        yield return Case("overlapping entries", Array(Array(Integer(0), Integer(9), node), Array(Integer(5), Integer(20), SlotsNode("10.0.0.2", 7002))), "slot 5 is claimed");
        yield return Case("host an array", Array(Array(Integer(0), Integer(1), Array(Array(), Integer(1)))), "the host of the primary of entry 0");
    }

    private static RedisEndpoint Local(int port) => RedisEndpoint.Tcp("127.0.0.1", port);
}
