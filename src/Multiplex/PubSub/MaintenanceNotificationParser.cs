using System.Buffers;
using System.Globalization;
using Multiplex.Protocol;

namespace Multiplex.PubSub;

/// <summary>
/// Reads the server maintenance notifications (RESP3 pushes sent after <c>CLIENT MAINT_NOTIFICATIONS ON</c>):
/// https://redis.io/docs/latest/develop/clients/sch/. Shapes: <c>MOVING seq time endpoint</c>,
/// <c>MIGRATING seq time shards…</c>, <c>MIGRATED seq shards…</c>, <c>FAILING_OVER seq time shards…</c>,
/// <c>FAILED_OVER seq shards…</c>, and the cluster's <c>SMIGRATING seq slots…</c> and <c>SMIGRATED seq …</c>.
/// Any other push whose elements are all scalars is reported as <see cref="MaintenanceNotificationKind.Other"/>
/// only when its name is upper case (the server's style for these, unlike pub/sub's lower-case pushes).
/// </summary>
internal static class MaintenanceNotificationParser
{
    /// <summary>Parses <paramref name="frame"/> (a whole push frame); null when it is not a maintenance notification.</summary>
    public static MaintenanceNotificationEventArgs? TryParse(in ReadOnlySequence<byte> frame, string endpoint, ConnectionKind connectionKind)
    {
        var reader = new RespReader(frame);
        if (!reader.TryMoveNext() || reader.Prefix != RespPrefix.Push || reader.IsNull || reader.ChildCount < 1)
        {
            return null;
        }

        var count = reader.ChildCount;
        if (!reader.TryMoveNext() || !reader.IsScalar || reader.IsNull)
        {
            return null;
        }

        var name = reader.ReadString()!;
        var kind = KindOf(name);
        if (kind == MaintenanceNotificationKind.Other && !IsUpperCaseName(name))
        {
            return null;
        }

        var arguments = new string?[count - 1];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (!reader.TryMoveNext() || !reader.IsScalar)
            {
                return null; // nested elements: not a shape these notifications have
            }

            arguments[i] = reader.ReadString();
        }

        var sequenceId = arguments.Length > 0 && long.TryParse(arguments[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sequence) ? sequence : (long?)null;
        TimeSpan? time = kind is MaintenanceNotificationKind.Moving or MaintenanceNotificationKind.Migrating or MaintenanceNotificationKind.FailingOver
            && arguments.Length > 1 && long.TryParse(arguments[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        var target = kind == MaintenanceNotificationKind.Moving && arguments.Length > 2 && arguments[2] is { Length: > 0 } moved && moved != "null" ? moved : null;
        return new MaintenanceNotificationEventArgs(endpoint, connectionKind, kind, name, sequenceId, time, target, arguments);
    }

    private static MaintenanceNotificationKind KindOf(string name) => name switch
    {
        "MOVING" => MaintenanceNotificationKind.Moving,
        "MIGRATING" => MaintenanceNotificationKind.Migrating,
        "MIGRATED" => MaintenanceNotificationKind.Migrated,
        "FAILING_OVER" => MaintenanceNotificationKind.FailingOver,
        "FAILED_OVER" => MaintenanceNotificationKind.FailedOver,
        "SMIGRATING" => MaintenanceNotificationKind.SlotMigrating,
        "SMIGRATED" => MaintenanceNotificationKind.SlotMigrated,
        _ => MaintenanceNotificationKind.Other,
    };

    private static bool IsUpperCaseName(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'A' and <= 'Z') or '_' or (>= '0' and <= '9'));
}
