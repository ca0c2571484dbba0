using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

[Category("Sentinel")]
public sealed class SentinelGroupTests : ServerTestBase
{
    [Test]
    public async Task Every_sentinel_names_the_primary()
    {
        var group = await SharedServers.SentinelAsync();

        Assert.That(group.Sentinels, Has.Count.EqualTo(3));
        foreach (var sentinel in group.Sentinels)
        {
            var address = (await sentinel.CliAsync("SENTINEL", "get-master-addr-by-name", group.MasterName))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(address, Is.EqualTo(new[] { "127.0.0.1", group.Primary.Port.ToString() }), sentinel.Name);
        }
    }

    [Test]
    public async Task Sentinels_know_both_replicas()
    {
        var group = await SharedServers.SentinelAsync();

        var replicas = await group.Sentinels[0].CliAsync("SENTINEL", "replicas", group.MasterName);

        foreach (var replica in group.Replicas)
        {
            Assert.That(replicas, Does.Contain($"127.0.0.1:{replica.Port}"));
        }
    }

    [Test]
    public async Task Each_sentinel_knows_the_two_others()
    {
        var group = await SharedServers.SentinelAsync();

        foreach (var sentinel in group.Sentinels)
        {
            var others = await sentinel.CliAsync("SENTINEL", "sentinels", group.MasterName);
            foreach (var other in group.Sentinels.Where(candidate => candidate != sentinel))
            {
                Assert.That(others, Does.Contain(other.Port.ToString()), $"{sentinel.Name} should know {other.Name}");
            }
        }
    }
}
