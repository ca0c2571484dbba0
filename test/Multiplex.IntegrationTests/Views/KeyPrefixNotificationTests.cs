using Multiplex.IntegrationTests.PubSub;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Views;

/// <summary>
/// Keyspace notifications through views, on a server of its own (notifications are switched on here):
/// a key-prefix view hears only of its keys and names them without the prefix; a database view listens
/// to its database.
/// </summary>
[NonParallelizable]
public sealed class KeyPrefixNotificationTests : DedicatedServerTests
{
    [OneTimeSetUp]
    public async Task EnableNotificationsAsync() => await Server.CliAsync("CONFIG", "SET", "notify-keyspace-events", "KEA");

    [Test]
    public async Task Keyspace_notifications_through_a_view_name_the_tenant_s_keys_without_the_prefix()
    {
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port), TestClients.Logs);
        var view = client.WithKeyPrefix("tenant:42:");
        await using var keyspace = await view.SubscribeKeyspaceAsync("user:*");
        await using var keyevents = await view.SubscribeKeyeventAsync("set");

        await client.SetAsync("tenant:7:user:1", "another tenant's");
        await client.SetAsync("user:1", "outside every tenant");
        await view.SetAsync("user:1", "the tenant's");

        var change = await SubscriptionReading.FirstAsync(keyspace, _ => true);
        var set = await SubscriptionReading.FirstAsync(keyevents, _ => true);
        Assert.That((change.Key.ToString(), change.Event), Is.EqualTo(("user:1", "set")));
        Assert.That((set.Key.ToString(), set.Event), Is.EqualTo(("user:1", "set")), "the keyevent channel's other keys are left out");
    }

    [Test]
    public async Task Keyspace_notifications_through_a_database_view_are_those_of_its_database()
    {
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(Server.Port), TestClients.Logs);
        var nine = client.WithDatabase(9);
        var key = TestClients.Key("k");
        await using var notifications = await nine.SubscribeKeyspaceAsync(key);

        await client.SetAsync(key, "database 0");
        await nine.SetAsync(key, "database 9");

        var change = await SubscriptionReading.FirstAsync(notifications, _ => true);
        Assert.That((change.Database, change.Key.ToString()), Is.EqualTo((9, key)));
    }
}
