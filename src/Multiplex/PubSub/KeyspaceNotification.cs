using System.Globalization;

namespace Multiplex;

/// <summary>
/// A keyspace notification (https://redis.io/docs/latest/develop/use/keyspace-notifications/):
/// which key, which event (<c>set</c>, <c>del</c>, <c>expired</c>, …), in which database.
/// </summary>
/// <param name="Kind">Which channel family it came from.</param>
/// <param name="Database">The database number.</param>
/// <param name="Key">The key.</param>
/// <param name="Event">The event name, as Redis spells it.</param>
public sealed record KeyspaceNotification(KeyspaceNotificationKind Kind, int Database, RedisKey Key, string Event)
{
    private const string KeyspacePrefix = "__keyspace@";
    private const string KeyeventPrefix = "__keyevent@";
    private const string DatabaseSeparator = "__:";

    /// <summary>Reads a notification from a message received on a keyspace or keyevent channel.</summary>
    /// <param name="message">The message.</param>
    /// <param name="notification">The notification, when the channel is one.</param>
    /// <returns>Whether the message is a keyspace notification.</returns>
    public static bool TryParse(in RedisMessage message, out KeyspaceNotification notification)
    {
        notification = null!;
        var channel = message.Channel.ToString();
        KeyspaceNotificationKind kind;
        if (channel.StartsWith(KeyspacePrefix, StringComparison.Ordinal))
        {
            kind = KeyspaceNotificationKind.Keyspace;
        }
        else if (channel.StartsWith(KeyeventPrefix, StringComparison.Ordinal))
        {
            kind = KeyspaceNotificationKind.Keyevent;
        }
        else
        {
            return false;
        }

        var separator = channel.IndexOf(DatabaseSeparator, KeyspacePrefix.Length, StringComparison.Ordinal);
        if (separator < 0 || !int.TryParse(channel.AsSpan(KeyspacePrefix.Length, separator - KeyspacePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var database))
        {
            return false;
        }

        var subject = channel[(separator + DatabaseSeparator.Length)..];
        notification = kind == KeyspaceNotificationKind.Keyspace
            ? new KeyspaceNotification(kind, database, subject, message.Payload.ToString())
            : new KeyspaceNotification(kind, database, (byte[]?)message.Payload, subject);
        return true;
    }

    /// <summary>
    /// Whether a channel or pattern names keyspace or keyevent notifications: each cluster primary sends
    /// only those of its own keys, so the client subscribes to them on every primary.
    /// </summary>
    internal static bool IsNotificationName(in RedisValue name) =>
        name.ToString() is { } text && (text.StartsWith(KeyspacePrefix, StringComparison.Ordinal) || text.StartsWith(KeyeventPrefix, StringComparison.Ordinal));

    /// <summary>The channel (or pattern) to subscribe to for events on keys matching <paramref name="keyPattern"/>.</summary>
    /// <param name="database">The database.</param>
    /// <param name="keyPattern">A key, or a glob pattern of keys.</param>
    /// <returns>The channel name.</returns>
    public static string KeyspaceChannel(int database, string keyPattern) =>
        string.Create(CultureInfo.InvariantCulture, $"{KeyspacePrefix}{database}{DatabaseSeparator}{keyPattern}");

    /// <summary>The channel (or pattern) to subscribe to for one event (or a glob of events) on any key.</summary>
    /// <param name="database">The database.</param>
    /// <param name="eventPattern">An event name such as <c>expired</c>, or a glob pattern.</param>
    /// <returns>The channel name.</returns>
    public static string KeyeventChannel(int database, string eventPattern) =>
        string.Create(CultureInfo.InvariantCulture, $"{KeyeventPrefix}{database}{DatabaseSeparator}{eventPattern}");
}
