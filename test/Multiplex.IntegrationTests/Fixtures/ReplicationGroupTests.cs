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

        await using var primary = await RawRespConnection.ConnectAsync(group.Primary.Host, group.Primary.Port);
        Assert.That(await primary.CommandAsync(["SET", key, "replicated"]), Is.EqualTo("+OK"));
        // WAIT blocks until both replicas acknowledged this connection's last write (or 5 s pass)
        // and returns how many did; it must run on the connection that wrote.
        Assert.That(await primary.CommandAsync(["WAIT", "2", "5000"]), Is.EqualTo(":2"));

        foreach (var replica in group.Replicas)
        {
            Assert.That((await replica.CliAsync("GET", key)).Trim(), Is.EqualTo("replicated"));
        }
    }
}
