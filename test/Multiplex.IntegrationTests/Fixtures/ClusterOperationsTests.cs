using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Multiplex.Testing;
using Multiplex.Topology;

namespace Multiplex.IntegrationTests.Fixtures;

/// <summary>
/// The cluster fixture's operations against a real cluster of this class's own (they reshard, fail
/// over and kill nodes). Each test reads the roles and slots it works on from the cluster as it is, so
/// the order the tests run in does not matter.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public sealed class ClusterOperationsTests : ServerTestBase
{
    private const int KeysPerSlot = 3;
    private const int LargeMigrationSlots = 2000;
    private RedisCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await RedisCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task Migrated_slots_are_served_by_the_target_with_their_keys()
    {
        var (source, target) = (_cluster.Primaries[0], _cluster.Primaries[1]);
        var slots = (await _cluster.SlotsOfAsync(source)).Take(3).ToList();
        var keys = await WriteKeysAsync(slots);

        var moved = await _cluster.MigrateSlotsAsync(slots, source, target);
        await _cluster.WaitForConsistentSlotsAsync();

        Assert.That(moved, Is.EqualTo(keys.Count));
        foreach (var node in _cluster.Nodes)
        {
            Assert.That(await _cluster.OwnerOfSlotAsync(slots[0], node), Is.EqualTo(target), node.Name);
        }

        await using var onTarget = await RawRespConnection.ConnectAsync(target.Host, target.Port);
        await using var onSource = await RawRespConnection.ConnectAsync(source.Host, source.Port);
        foreach (var key in keys)
        {
            Assert.That(await onTarget.CommandAsync(["GET", key]), Is.EqualTo(key));
            Assert.That(await onSource.CommandAsync(["GET", key]), Is.EqualTo($"-MOVED {SlotOf(key)} {target.Endpoint}"));
        }
    }

    [Test]
    public async Task Two_thousand_slots_move_with_their_keys_in_one_call()
    {
        var source = await PrimaryWithMostSlotsAsync();
        var target = _cluster.Primaries.First(primary => primary != source);
        var slots = (await _cluster.SlotsOfAsync(source)).Take(LargeMigrationSlots).ToList();
        var keys = await WriteKeysAsync(slots);

        var stopwatch = Stopwatch.StartNew();
        var moved = await _cluster.MigrateSlotsAsync(slots, source, target);
        var migrated = stopwatch.Elapsed;
        await _cluster.WaitForConsistentSlotsAsync();
        TestContext.Out.WriteLine($"{slots.Count} slots, {moved} keys: migrated in {migrated.TotalMilliseconds:0} ms, consistent after {stopwatch.Elapsed.TotalMilliseconds:0} ms");

        // Other tests of the class may have left a key in one of these slots: at least the keys written here moved.
        Assert.That(moved, Is.GreaterThanOrEqualTo(keys.Count));
        Assert.That(await _cluster.SlotsOfAsync(target), Is.SupersetOf(slots));
        Assert.That((await _cluster.SlotsOfAsync(source)).Intersect(slots), Is.Empty);
        await using var onTarget = await RawRespConnection.ConnectAsync(target.Host, target.Port);
        await onTarget.SendManyAsync(keys.Select(key => new[] { "EXISTS", key }));
        var found = 0;
        foreach (var _ in keys)
        {
            found += await onTarget.ReadReplyAsync() == ":1" ? 1 : 0;
        }

        Assert.That(found, Is.EqualTo(keys.Count));
    }

    [Test]
    public async Task Half_migrated_slot_sends_a_moved_key_on_with_ask()
    {
        var (source, target) = (_cluster.Primaries[1], _cluster.Primaries[2]);
        var slot = (await _cluster.SlotsOfAsync(source))[^1];
        var key = (await WriteKeysAsync([slot]))[0];

        await _cluster.BeginSlotMigrationAsync(slot, source, target);
        var moved = await _cluster.MoveKeysAsync(slot, source, target, batch: 1);

        await using var onSource = await RawRespConnection.ConnectAsync(source.Host, source.Port);
        await using var onTarget = await RawRespConnection.ConnectAsync(target.Host, target.Port);
        Assert.Multiple(async () =>
        {
            Assert.That(moved, Is.EqualTo(KeysPerSlot));
            Assert.That(await onSource.CommandAsync(["GET", key]), Is.EqualTo($"-ASK {slot} {target.Endpoint}"));
            Assert.That(await onTarget.CommandAsync(["GET", key]), Is.EqualTo($"-MOVED {slot} {source.Endpoint}"));
            Assert.That(await onTarget.CommandAsync(["ASKING"]), Is.EqualTo("+OK"));
            Assert.That(await onTarget.CommandAsync(["GET", key]), Is.EqualTo(key));
        });

        await _cluster.FinishSlotMigrationAsync(slot, target);
        await _cluster.WaitForConsistentSlotsAsync();
        Assert.That(await onTarget.CommandAsync(["GET", key]), Is.EqualTo(key));
        Assert.That(await _cluster.OwnerOfSlotAsync(slot, source), Is.EqualTo(target));
    }

    [Test]
    public async Task Manual_failover_swaps_the_roles_of_a_primary_and_its_replica()
    {
        var replica = _cluster.Replicas[0];
        var primary = _cluster.PrimaryOf(replica);
        var slots = await _cluster.SlotsOfAsync(primary);

        var failover = await _cluster.FailoverAsync(replica);

        Assert.Multiple(async () =>
        {
            Assert.That(failover.NewPrimary, Is.EqualTo(replica));
            Assert.That(failover.OldPrimary, Is.EqualTo(primary));
            Assert.That(failover.PromotedAt, Is.GreaterThan(failover.SentAt));
            Assert.That(await RoleAsync(replica), Is.EqualTo("master"));
            Assert.That(await RoleAsync(primary), Is.EqualTo("slave"));
            Assert.That(_cluster.Primaries, Does.Contain(replica).And.Not.Contain(primary));
            Assert.That(_cluster.ReplicaOf(replica), Is.EqualTo(primary));
            Assert.That(await _cluster.OwnerOfSlotAsync(slots[0], replica), Is.EqualTo(replica));
        });
    }

    [Test]
    public async Task Killed_primary_is_replaced_by_its_replica_and_returns_as_a_replica()
    {
        var primary = _cluster.Primaries[0];
        var replica = _cluster.ReplicaOf(primary);
        var slots = await _cluster.SlotsOfAsync(primary);

        var killed = await _cluster.KillPrimaryAsync(primary);
        var promotion = await _cluster.WaitForPromotionAsync(killed);
        TestContext.Out.WriteLine($"failed after {Stopwatch.GetElapsedTime(promotion.SentAt, promotion.MarkedFailedAt!.Value).TotalMilliseconds:0} ms, promoted after {promotion.TimeToPromotion.TotalMilliseconds:0} ms");

        Assert.Multiple(async () =>
        {
            Assert.That(primary.ProcessId, Is.Zero);
            Assert.That(killed.Replicas, Is.EqualTo(new[] { replica }));
            Assert.That(promotion.NewPrimary, Is.EqualTo(replica));
            Assert.That(promotion.MarkedFailedAt, Is.GreaterThan(promotion.SentAt).And.LessThanOrEqualTo(promotion.PromotedAt));
            Assert.That(await _cluster.OwnerOfSlotAsync(slots[0]), Is.EqualTo(replica));
        });

        var stopwatch = Stopwatch.StartNew();
        await _cluster.RestartAsync(primary);
        TestContext.Out.WriteLine($"back as a replica after {stopwatch.Elapsed.TotalMilliseconds:0} ms");

        Assert.Multiple(async () =>
        {
            Assert.That(await RoleAsync(primary), Is.EqualTo("slave"));
            Assert.That(_cluster.PrimaryOf(primary), Is.EqualTo(replica));
            Assert.That(_cluster.Replicas, Has.Count.EqualTo(RedisCluster.NodeCount / 2));
        });
    }

    [Test]
    public async Task Redirects_and_commands_show_in_the_nodes_statistics()
    {
        var key = "stats:" + Guid.NewGuid().ToString("N");
        var owner = await _cluster.OwnerOfSlotAsync(SlotOf(key));
        var other = _cluster.Primaries.First(primary => primary != owner);
        await _cluster.ResetStatsAsync();

        await using var onOther = await RawRespConnection.ConnectAsync(other.Host, other.Port);
        await using var onOwner = await RawRespConnection.ConnectAsync(owner.Host, owner.Port);
        var redirect = await onOther.CommandAsync(["SET", key, "1"]);
        await onOwner.CommandAsync(["SET", key, "1"]);

        Assert.Multiple(async () =>
        {
            Assert.That(redirect, Does.StartWith("-MOVED"));
            Assert.That(await _cluster.ErrorStatAsync(other, "MOVED"), Is.EqualTo(1));
            Assert.That(await _cluster.ErrorStatAsync(owner, "MOVED"), Is.Zero);
            Assert.That(await _cluster.CommandCallsAsync(owner, "SET"), Is.EqualTo(1));
            Assert.That(await _cluster.CommandCallsAsync(other, "SET"), Is.Zero);
        });
    }

    [Test]
    public async Task Tls_cluster_forms_and_redirects_tls_clients_to_tls_ports()
    {
        await using var cluster = await RedisCluster.StartAsync(new RedisServerOptions { Tls = true, TlsAuthClients = true });
        var key = "tls:" + Guid.NewGuid().ToString("N");
        var owner = await cluster.OwnerOfSlotAsync(SlotOf(key));
        var ownerTls = string.Create(CultureInfo.InvariantCulture, $"{owner.Host}:{owner.TlsPort}");

        var replies = new List<string?>();
        foreach (var node in cluster.Nodes)
        {
            replies.Add(await GetOverTlsAsync(cluster, node, key));
        }

        Assert.Multiple(() =>
        {
            Assert.That(cluster.TlsSeedEndpoints, Has.Count.EqualTo(RedisCluster.NodeCount).And.Contain(ownerTls));
            Assert.That(replies.Count(reply => reply == "$-1"), Is.EqualTo(1));
            Assert.That(replies.Count(reply => reply == $"-MOVED {SlotOf(key)} {ownerTls}"), Is.EqualTo(RedisCluster.NodeCount - 1));
        });
    }

    private static int SlotOf(string key) => HashSlot.Of(Encoding.UTF8.GetBytes(key));

    /// <summary>Writes <see cref="KeysPerSlot"/> keys into each slot (value = key name) on the slot's owner; returns the keys.</summary>
    private async Task<List<string>> WriteKeysAsync(IReadOnlyList<int> slots)
    {
        var tags = new Dictionary<int, string>();
        var wanted = slots.ToHashSet();
        for (var index = 0; tags.Count < wanted.Count; index++)
        {
            var tag = "t" + index.ToString(CultureInfo.InvariantCulture);
            if (wanted.Contains(SlotOf(tag)))
            {
                tags.TryAdd(SlotOf(tag), tag);
            }
        }

        var owners = new Dictionary<int, RedisServer>();
        foreach (var primary in _cluster.Primaries)
        {
            foreach (var slot in await _cluster.SlotsOfAsync(primary))
            {
                owners[slot] = primary;
            }
        }

        var keys = new List<string>();
        foreach (var group in slots.GroupBy(slot => owners[slot]))
        {
            var owner = group.Key;
            var batch = group.SelectMany(slot => Enumerable.Range(0, KeysPerSlot).Select(n => $"{{{tags[slot]}}}:{n}")).ToList();
            await using var connection = await RawRespConnection.ConnectAsync(owner.Host, owner.Port);
            await connection.SendManyAsync(batch.Select(key => new[] { "SET", key, key }));
            foreach (var key in batch)
            {
                Assert.That(await connection.ReadReplyAsync(), Is.EqualTo("+OK"), key);
            }

            keys.AddRange(batch);
        }

        return keys;
    }

    private async Task<RedisServer> PrimaryWithMostSlotsAsync()
    {
        var counts = new Dictionary<RedisServer, int>();
        foreach (var primary in _cluster.Primaries)
        {
            counts[primary] = (await _cluster.SlotsOfAsync(primary)).Count;
        }

        return counts.MaxBy(pair => pair.Value).Key;
    }

    private static async Task<string> RoleAsync(RedisServer node)
    {
        await using var connection = await RawRespConnection.ConnectAsync(node.Host, node.Port);
        await connection.SendAsync(["ROLE"]);
        await connection.ReadLineAsync();
        return (await connection.ReadReplyAsync())!;
    }

    private static async Task<string?> GetOverTlsAsync(RedisCluster cluster, RedisServer node, string key)
    {
        using var ca = cluster.Certificates!.LoadCaCertificate();
        using var clientCertificate = cluster.Certificates.LoadClientCertificate();
        using var client = new TcpClient();
        await client.ConnectAsync(node.Host, node.TlsPort!.Value);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [clientCertificate],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { ca },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"*2\r\n$3\r\nGET\r\n${key.Length}\r\n{key}\r\n"));
        using var reader = new StreamReader(tls, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadLineAsync(timeout.Token);
    }
}
