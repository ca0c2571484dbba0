namespace Multiplex.Tests.PubSub;

public sealed class KeyspaceNotificationTests
{
    [Test]
    public void A_keyspace_message_names_the_key_and_the_payload_is_the_event()
    {
        Assert.That(KeyspaceNotification.TryParse(new RedisMessage("__keyspace@3__:user:1", "expired"), out var notification), Is.True);
        Assert.That(notification, Is.EqualTo(new KeyspaceNotification(KeyspaceNotificationKind.Keyspace, 3, "user:1", "expired")));
    }

    [Test]
    public void A_keyevent_message_names_the_event_and_the_payload_is_the_key()
    {
        Assert.That(KeyspaceNotification.TryParse(new RedisMessage("__keyevent@0__:set", "a:b:c"), out var notification), Is.True);
        Assert.That(notification.Kind, Is.EqualTo(KeyspaceNotificationKind.Keyevent));
        Assert.That(notification.Database, Is.Zero);
        Assert.That(notification.Event, Is.EqualTo("set"));
        Assert.That(notification.Key.ToString(), Is.EqualTo("a:b:c"));
    }

    [TestCase("news")]
    [TestCase("__keyspace@x__:k")]
    [TestCase("__keyspace@1_k")]
    public void Other_channels_are_not_notifications(string channel) =>
        Assert.That(KeyspaceNotification.TryParse(new RedisMessage(channel, "set"), out _), Is.False);

    [Test]
    public void Channel_names_are_built_the_way_redis_spells_them()
    {
        Assert.That(KeyspaceNotification.KeyspaceChannel(2, "user:*"), Is.EqualTo("__keyspace@2__:user:*"));
        Assert.That(KeyspaceNotification.KeyeventChannel(0, "expired"), Is.EqualTo("__keyevent@0__:expired"));
    }
}
