using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Sentinel;

/// <summary>
/// Several plain endpoints, a primary and its replicas without sentinels: the client uses the one whose
/// ROLE is primary, and follows a manual failover when a write is refused with READONLY. One private
/// replication group (roles are swapped).
/// </summary>
[Category("Sentinel")]
[NonParallelizable]
public sealed class ReplicationEndpointsTests : ServerTestBase
{
    private RedisReplicationGroup _group = null!;

    [OneTimeSetUp]
    public async Task StartGroupAsync() => _group = await RedisReplicationGroup.StartAsync();

    [OneTimeTearDown]
    public async Task StopGroupAsync() => await _group.DisposeAsync();

    [Test]
    public async Task A_replica_listed_first_is_passed_over_for_the_primary_and_a_manual_failover_is_followed()
    {
        var (primary, replica) = (_group.Primary, _group.Replicas[0]);
        var connectionString = $"{replica.Endpoint},{_group.Replicas[1].Endpoint},{primary.Endpoint}";
        await using var client = await RedisClient.ConnectAsync(RedisClientOptions.Parse(connectionString), TestClients.Logs);
        var key = TestClients.Key("role");

        Assert.That(await client.SetAsync(key, "on the primary"), Is.True);
        Assert.That(client.GetNodes()[0].Endpoint.Port, Is.EqualTo(primary.Port), "the primary, found by ROLE");

        // A manual failover: the replica is promoted, the old primary and the other replica follow it.
        await replica.CliAsync("REPLICAOF", "NO", "ONE");
        await primary.CliAsync("REPLICAOF", replica.Host, replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _group.Replicas[1].CliAsync("REPLICAOF", replica.Host, replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Assert.That(await client.SetAsync(key, "on the new primary"), Is.True, "READONLY from the old primary was followed, not shown");
            Assert.Multiple(async () =>
            {
                Assert.That(client.GetNodes()[0].Endpoint.Port, Is.EqualTo(replica.Port));
                Assert.That((await replica.CliAsync("GET", key)).Trim(), Is.EqualTo("on the new primary"));
            });
        }
        finally
        {
            // Back as it was, for the group's disposal.
            await primary.CliAsync("REPLICAOF", "NO", "ONE");
            await replica.CliAsync("REPLICAOF", primary.Host, primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _group.Replicas[1].CliAsync("REPLICAOF", primary.Host, primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
