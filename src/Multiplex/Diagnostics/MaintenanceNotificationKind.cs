namespace Multiplex;

/// <summary>
/// The server maintenance notifications Redis Enterprise, Redis Cloud and Redis 8 send to connections that
/// asked for them (<c>CLIENT MAINT_NOTIFICATIONS ON</c>, RESP3 only):
/// https://redis.io/docs/latest/develop/clients/sch/.
/// </summary>
public enum MaintenanceNotificationKind
{
    /// <summary>A notification this client does not know by name; see <see cref="MaintenanceNotificationEventArgs.Name"/>.</summary>
    Other,

    /// <summary><c>MOVING seq time endpoint</c>: the endpoint moves to another server within <c>time</c> seconds.</summary>
    Moving,

    /// <summary><c>MIGRATING seq time shards…</c>: shards of this server are being migrated.</summary>
    Migrating,

    /// <summary><c>MIGRATED seq shards…</c>: the migration ended.</summary>
    Migrated,

    /// <summary><c>FAILING_OVER seq time shards…</c>: a failover of shards of this server started.</summary>
    FailingOver,

    /// <summary><c>FAILED_OVER seq shards…</c>: the failover ended.</summary>
    FailedOver,

    /// <summary><c>SMIGRATING seq slots…</c>: cluster slots of this node are being migrated.</summary>
    SlotMigrating,

    /// <summary><c>SMIGRATED seq …</c>: cluster slots finished migrating.</summary>
    SlotMigrated,
}
