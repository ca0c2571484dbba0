using System.Diagnostics;
using Multiplex.Testing;
using Multiplex.Testing.Processes;

namespace Multiplex.IntegrationTests.Fixtures;

/// <summary>
/// The sentinel group fixture against a group of this class's own (its tests fail over and kill the
/// primary, which the shared group must not see). Each test reads the roles from the group as it is and
/// leaves it healthy, so the order the tests run in does not matter.
/// </summary>
[Category("Sentinel")]
[NonParallelizable]
public sealed class SentinelGroupTests : ServerTestBase
{
    private RedisSentinelGroup _group = null!;

    [OneTimeSetUp]
    public async Task StartGroupAsync() => _group = await RedisSentinelGroup.StartAsync();

    [OneTimeTearDown]
    public async Task StopGroupAsync() => await _group.DisposeAsync();

    [Test]
    public async Task Every_sentinel_names_the_primary()
    {
        Assert.That(_group.Sentinels, Has.Count.EqualTo(3));
        foreach (var sentinel in _group.Sentinels)
        {
            Assert.That(await PrimaryAddressAsync(sentinel), Is.EqualTo(new[] { "127.0.0.1", _group.Primary.Port.ToString() }), sentinel.Name);
        }
    }

    [Test]
    public async Task Sentinels_know_both_replicas()
    {
        var replicas = await _group.Sentinels[0].CliAsync("SENTINEL", "replicas", _group.MasterName);

        Assert.That(_group.Replicas, Has.Count.EqualTo(2));
        foreach (var replica in _group.Replicas)
        {
            Assert.That(replicas, Does.Contain($"127.0.0.1:{replica.Port}"));
        }
    }

    [Test]
    public async Task Each_sentinel_knows_the_two_others()
    {
        foreach (var sentinel in _group.Sentinels)
        {
            var others = await sentinel.CliAsync("SENTINEL", "sentinels", _group.MasterName);
            foreach (var other in _group.Sentinels.Where(candidate => candidate != sentinel))
            {
                Assert.That(others, Does.Contain(other.Port.ToString()), $"{sentinel.Name} should know {other.Name}");
            }
        }
    }

    [Test]
    public async Task Manual_failover_swaps_the_roles_and_the_switch_is_announced()
    {
        var oldPrimary = _group.Primary;
        var replicas = _group.Replicas;

        var failover = await _group.FailoverAsync();
        TestContext.Out.WriteLine($"promoted after {failover.TimeToPromotion.TotalMilliseconds:0} ms, " +
                                  $"announced after {failover.TimeToAnnouncement?.TotalMilliseconds:0} ms");

        Assert.Multiple(async () =>
        {
            Assert.That(failover.OldPrimary, Is.EqualTo(oldPrimary));
            Assert.That(failover.NewPrimary, Is.Not.EqualTo(oldPrimary));
            Assert.That(replicas, Does.Contain(failover.NewPrimary));
            Assert.That(failover.PromotedAt, Is.GreaterThan(failover.SentAt));
            Assert.That(failover.SwitchAnnouncedAt, Is.Not.Null.And.GreaterThan(failover.SentAt));
            Assert.That(_group.Primary, Is.EqualTo(failover.NewPrimary));
            Assert.That(_group.Replicas, Is.EquivalentTo(_group.Servers.Where(server => server != failover.NewPrimary)));
            Assert.That(await RoleAsync(failover.NewPrimary), Is.EqualTo("master"));
            Assert.That(await RoleAsync(oldPrimary), Is.EqualTo("slave"));
            foreach (var sentinel in _group.Sentinels)
            {
                Assert.That(await PrimaryAddressAsync(sentinel), Is.EqualTo(new[] { "127.0.0.1", failover.NewPrimary.Port.ToString() }), sentinel.Name);
            }
        });
    }

    [Test]
    public async Task Killed_primary_is_replaced_and_returns_as_a_replica_leaving_the_group_healthy()
    {
        var primary = _group.Primary;

        var kill = await _group.KillPrimaryAsync();
        var promotion = await _group.WaitForPromotionAsync(kill);
        TestContext.Out.WriteLine($"promoted after {promotion.TimeToPromotion.TotalMilliseconds:0} ms, " +
                                  $"announced after {promotion.TimeToAnnouncement?.TotalMilliseconds:0} ms");

        Assert.Multiple(() =>
        {
            Assert.That(kill.Server, Is.EqualTo(primary));
            Assert.That(primary.ProcessId, Is.Zero);
            Assert.That(promotion.OldPrimary, Is.EqualTo(primary));
            Assert.That(promotion.NewPrimary, Is.Not.EqualTo(primary));
            Assert.That(promotion.SentAt, Is.EqualTo(kill.KilledAt));
            Assert.That(promotion.PromotedAt, Is.GreaterThan(promotion.SentAt));
            Assert.That(promotion.SwitchAnnouncedAt, Is.Not.Null.And.GreaterThan(promotion.SentAt));
            Assert.That(_group.Primary, Is.EqualTo(promotion.NewPrimary));
            Assert.That(_group.Replicas, Has.Count.EqualTo(1).And.No.EqualTo(primary));
        });

        var stopwatch = Stopwatch.StartNew();
        await _group.RestartAsync(primary);
        TestContext.Out.WriteLine($"back as a replica after {stopwatch.Elapsed.TotalMilliseconds:0} ms");

        var replicaEndpoints = _group.Servers.Where(server => server != promotion.NewPrimary).Select(server => $"127.0.0.1:{server.Port}").ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(_group.Servers, Has.Count.EqualTo(3));
            Assert.That(primary.ProcessId, Is.Not.Zero);
            Assert.That(_group.Primary, Is.EqualTo(promotion.NewPrimary));
            Assert.That(_group.Replicas, Is.EquivalentTo(_group.Servers.Where(server => server != promotion.NewPrimary)));
            Assert.That(await RoleAsync(primary), Is.EqualTo("slave"));
            var replication = RedisCli.ParseFields(await primary.CliAsync("INFO", "replication"));
            Assert.That(replication.GetValueOrDefault("master_port"), Is.EqualTo(promotion.NewPrimary.Port.ToString()));
            Assert.That(replication.GetValueOrDefault("master_link_status"), Is.EqualTo("up"));
            foreach (var sentinel in _group.Sentinels)
            {
                Assert.That(await PrimaryAddressAsync(sentinel), Is.EqualTo(new[] { "127.0.0.1", promotion.NewPrimary.Port.ToString() }), sentinel.Name);
                var master = RedisCli.ParsePairs(await sentinel.CliAsync("SENTINEL", "master", _group.MasterName));
                Assert.That(master.GetValueOrDefault("num-slaves"), Is.EqualTo("2"), sentinel.Name);
                var replicas = await sentinel.CliAsync("SENTINEL", "replicas", _group.MasterName);
                foreach (var endpoint in replicaEndpoints)
                {
                    Assert.That(replicas, Does.Contain(endpoint), sentinel.Name);
                }
            }
        });
    }

    private async Task<string[]> PrimaryAddressAsync(RedisSentinel sentinel) =>
        (await sentinel.CliAsync("SENTINEL", "get-master-addr-by-name", _group.MasterName))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string> RoleAsync(RedisServer server)
    {
        await using var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port);
        await connection.SendAsync(["ROLE"]);
        await connection.ReadLineAsync();
        return (await connection.ReadReplyAsync())!;
    }
}
