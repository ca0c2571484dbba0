using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

public sealed class ReplicationGroupTests : ServerTestBase
{
    [Test]
    public async Task Primary_reports_two_connected_replicas()
    {
        var group = await SharedServers.ReplicationAsync();

        var info = await group.Primary.CliAsync("INFO", "replication");

        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("role:master"));
            Assert.That(info, Does.Contain("connected_slaves:2"));
            Assert.That(group.Replicas, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Write_on_the_primary_is_readable_on_every_replica()
    {
        var group = await SharedServers.ReplicationAsync();
        var key = "fixture:" + Guid.NewGuid().ToString("N");

        await group.Primary.CliAsync("SET", key, "replicated");
        // WAIT blocks until both replicas acknowledged the write (or 5 s pass) and returns how many did.
        var acknowledged = await group.Primary.CliAsync("WAIT", "2", "5000");

        Assert.That(acknowledged.Trim(), Is.EqualTo("2"));
        foreach (var replica in group.Replicas)
        {
            Assert.That((await replica.CliAsync("GET", key)).Trim(), Is.EqualTo("replicated"));
        }
    }
}
