using Multiplex.IntegrationTests.Cluster;
using Multiplex.IntegrationTests.PubSub;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Views;

/// <summary>Views on the shared sentinel group and cluster: a database view follows the sentinels' primary; shard channels of a view live in their prefixed slot.</summary>
public sealed class ViewTopologyTests : ServerTestBase
{
    [Test]
    [Category("Sentinel")]
    public async Task A_database_view_of_a_sentinel_client_writes_that_database_of_the_primary()
    {
        var group = await SharedServers.SentinelAsync();
        await using var client = await RedisClient.ConnectAsync(
            RedisClientOptions.Parse($"{string.Join(',', group.SentinelEndpoints)},serviceName={group.MasterName}"), TestClients.Logs);
        var key = TestClients.Key("sentinel-database");

        await client.WithDatabase(2).SetAsync(key, "database 2");

        Assert.That(client.WithDatabase(2).ServerMode, Is.EqualTo(ServerMode.Sentinel));
        Assert.That((await group.Primary.CliAsync("-n", "2", "GET", key)).Trim(), Is.EqualTo("database 2"));
        Assert.That(await client.ExistsAsync(key), Is.False);
    }

    [Test]
    [Category("Cluster")]
    public async Task Shard_channels_of_a_view_that_prefixes_channels_live_in_the_prefixed_slot()
    {
        var cluster = await SharedServers.ClusterAsync();
        await using var client = await ClusterClients.ConnectAsync(cluster, ServerKind.RedisResp3);
        var prefix = TestClients.Key("tenant") + ":";
        var view = client.WithKeyPrefix(prefix, new KeyPrefixOptions { PrefixChannels = true });
        await using var subscription = await view.SSubscribeAsync("orders");

        Assert.That(await view.SPublishAsync("orders", "through the view"), Is.EqualTo(1));
        Assert.That(await client.SPublishAsync(prefix + "orders", "through the client"), Is.EqualTo(1));

        var messages = await SubscriptionReading.ReadAsync(subscription, 2);
        Assert.That(messages.Select(message => ((string?)message.Channel, (string?)message.Payload)),
            Is.EqualTo(new[] { ("orders", "through the view"), ("orders", "through the client") }));
    }
}
