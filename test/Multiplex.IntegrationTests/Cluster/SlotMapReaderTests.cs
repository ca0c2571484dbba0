using System.Globalization;
using System.Text;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;
using Multiplex.Topology;
using Multiplex.Topology.Cluster;

namespace Multiplex.IntegrationTests.Cluster;

/// <summary>
/// The slot map read from a real cluster's CLUSTER SHARDS and CLUSTER SLOTS replies, over RESP2 and
/// RESP3, checked against the cluster's own nodes and against where the server routes keys.
/// </summary>
[Category("Cluster")]
[TestFixture(RedisProtocol.Resp2)]
[TestFixture(RedisProtocol.Resp3)]
public sealed class SlotMapReaderTests(RedisProtocol protocol) : ServerTestBase
{
    private const int KeysChecked = 200;
    private const int KeyLength = 16;
    private const string MovedPrefix = "-MOVED";

    // A fresh redis-server 7.0 cluster reports its replicas as 'loading' in CLUSTER SHARDS until they
    // have replicated a write (it reads a replication offset of 0 as still loading), and a node may list
    // a replica as a primary without slots until gossip tells it otherwise: both settle within seconds.
    private const int SettleMilliseconds = 30_000;
    private const int PollMilliseconds = 100;
    private const string SettleExpiryMilliseconds = "60000";

    private readonly Dictionary<RedisEndpoint, RawRespConnection> _primaries = [];
    private RedisCluster _cluster = null!;
    private RedisEndpoint _asked = null!;
    private RedisClient _client = null!;
    private SlotMap? _lastShards;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _cluster = await SharedServers.ClusterAsync();
        var node = _cluster.Primaries[0];
        _asked = Endpoint(node);
        _client = await RedisClient.ConnectAsync(TestClients.OptionsFor(node.Port) with { Protocol = protocol }, TestClients.Logs, CancellationToken.None);
        foreach (var primary in _cluster.Primaries)
        {
            _primaries[Endpoint(primary)] = await RawRespConnection.ConnectAsync(primary.Host, primary.Port);
        }

        await WriteToEveryShardAsync();
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        foreach (var connection in _primaries.Values)
        {
            await connection.DisposeAsync();
        }

        await _client.DisposeAsync();
    }

    [Test]
    public async Task Shards_and_slots_replies_map_every_slot_to_the_clusters_primaries_alike()
    {
        Assert.That(_client.Protocol, Is.EqualTo(protocol));
        Assert.That(
            HasThreeShardsWithOneReplicaEachAsync,
            Is.True.After(SettleMilliseconds, PollMilliseconds),
            () => $"the last CLUSTER SHARDS map: {string.Join("; ", _lastShards?.Shards ?? [])}");
        var fromShards = _lastShards!;
        var fromSlots = await ReadSlotsAsync();
        var primaries = _cluster.Primaries.Select(Endpoint).ToList();
        var replicas = _cluster.Replicas.Select(Endpoint).ToList();

        foreach (var (name, map) in new[] { ("CLUSTER SHARDS", fromShards), ("CLUSTER SLOTS", fromSlots) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(map.UncoveredSlots, Is.Zero, name);
                Assert.That(map.Shards.Select(shard => shard.Primary), Is.EquivalentTo(primaries), name);
                Assert.That(map.Shards.Select(shard => shard.Replicas.Count), Is.All.EqualTo(1), name);
                Assert.That(map.Shards.SelectMany(shard => shard.Replicas), Is.EquivalentTo(replicas), name);
                Assert.That(map.Shards.Select(shard => shard.PrimaryId), Is.Unique.And.All.Not.Null, name);
                Assert.That(map.AllEndpoints, Is.EquivalentTo(primaries.Concat(replicas)), name);
            });
        }

        Assert.That(fromShards.SameAs(fromSlots) && fromSlots.SameAs(fromShards), Is.True);
    }

    [Test]
    public async Task The_primary_the_map_names_for_a_key_answers_it_and_the_others_redirect_there()
    {
        var map = await ReadShardsAsync();

        for (var i = 0; i < KeysChecked; i++)
        {
            // Every other key has a hash tag, so only its tag is hashed.
            var random = TestContext.CurrentContext.Random.GetString(KeyLength);
            var key = i % 2 == 0 ? $"slotmap:{random}" : $"slotmap:{{{random}}}:tagged";
            var slot = HashSlot.Of(Encoding.UTF8.GetBytes(key));
            var owner = map.ShardOf(slot)!.Primary;
            var other = _primaries.Keys.First(endpoint => endpoint != owner);

            var answer = await _primaries[owner].CommandAsync(["GET", key]);
            var redirection = await _primaries[other].CommandAsync(["GET", key]);

            Assert.That(answer, Is.Null, $"{key} (slot {slot}) asked at {owner}");
            Assert.That(redirection, Does.StartWith(MovedPrefix), $"{key} (slot {slot}) asked at {other}");
            Assert.That(ClusterRedirect.TryParse(redirection.AsSpan(1), other, out var redirect), Is.True, redirection);
            Assert.That(redirect, Is.EqualTo(new ClusterRedirect(ClusterRedirectKind.Moved, slot, owner)), redirection);
        }
    }

    private static RedisEndpoint Endpoint(RedisServer server) => RedisEndpoint.Tcp(server.Host, server.Port);

    private async Task<SlotMap> ReadShardsAsync() =>
        SlotMapReader.FromShards(await _client.ExecuteAsync("CLUSTER", ["SHARDS"]), _asked, useTls: false);

    private async Task<SlotMap> ReadSlotsAsync() =>
        SlotMapReader.FromSlots(await _client.ExecuteAsync("CLUSTER", ["SLOTS"]), _asked);

    private async Task<bool> HasThreeShardsWithOneReplicaEachAsync()
    {
        _lastShards = await ReadShardsAsync();
        return _lastShards.Shards.Count == _cluster.Primaries.Count && _lastShards.Shards.All(shard => shard.Replicas.Count == 1);
    }

    /// <summary>Writes a short-lived key on every primary, so that each replica has replicated something.</summary>
    private async Task WriteToEveryShardAsync()
    {
        var map = await ReadSlotsAsync();
        foreach (var shard in map.Shards)
        {
            var key = Enumerable.Range(0, int.MaxValue)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"slotmap:settle:{i}"))
                .First(candidate => map.ShardOf(HashSlot.Of(Encoding.UTF8.GetBytes(candidate))) == shard);
            var reply = await _primaries[shard.Primary].CommandAsync(["SET", key, "1", "PX", SettleExpiryMilliseconds]);
            Assert.That(reply, Is.EqualTo("+OK"), $"SET {key} at {shard.Primary}");
        }
    }
}
