namespace Multiplex;

/// <summary>The two channel families of Redis keyspace notifications.</summary>
public enum KeyspaceNotificationKind
{
    /// <summary><c>__keyspace@db__:key</c>, the payload is the event.</summary>
    Keyspace,

    /// <summary><c>__keyevent@db__:event</c>, the payload is the key.</summary>
    Keyevent,
}
