using System.Globalization;

namespace Multiplex;

/// <summary>The reply of ROLE: whether the server is a primary, a replica or a sentinel, with what that role reports.</summary>
public sealed record ServerRole
{
    /// <summary>The role.</summary>
    public required ServerRoleKind Kind { get; init; }

    /// <summary>A primary's current replication offset, or a replica's processed offset; 0 for a sentinel.</summary>
    public long ReplicationOffset { get; init; }

    /// <summary>A primary's connected replicas; empty for the other roles.</summary>
    public IReadOnlyList<ReplicaConnection> Replicas { get; init; } = [];

    /// <summary>A replica's primary host; null for the other roles.</summary>
    public string? PrimaryHost { get; init; }

    /// <summary>A replica's primary port; 0 for the other roles.</summary>
    public int PrimaryPort { get; init; }

    /// <summary>A replica's link state (<c>connect</c>, <c>connecting</c>, <c>sync</c>, <c>connected</c>); null for the other roles.</summary>
    public string? ReplicationState { get; init; }

    /// <summary>The primary names a sentinel monitors; empty for the other roles.</summary>
    public IReadOnlyList<string> MonitoredPrimaries { get; init; } = [];

    internal static ServerRole FromResult(RedisResult result)
    {
        var role = result.Count > 0 ? (string?)result[0] : null;
        return role switch
        {
            "master" => new ServerRole
            {
                Kind = ServerRoleKind.Primary,
                ReplicationOffset = (long)result[1],
                Replicas = result[2].Elements.Select(r => new ReplicaConnection(
                    (string?)r[0] ?? string.Empty,
                    int.Parse((string?)r[1] ?? "0", CultureInfo.InvariantCulture),
                    long.Parse((string?)r[2] ?? "0", CultureInfo.InvariantCulture))).ToArray(),
            },
            "slave" => new ServerRole
            {
                Kind = ServerRoleKind.Replica,
                PrimaryHost = (string?)result[1],
                PrimaryPort = (int)(long)result[2],
                ReplicationState = (string?)result[3],
                ReplicationOffset = (long)result[4],
            },
            "sentinel" => new ServerRole
            {
                Kind = ServerRoleKind.Sentinel,
                MonitoredPrimaries = result[1].Elements.Select(name => (string?)name ?? string.Empty).ToArray(),
            },
            _ => throw new InvalidCastException($"ROLE replied with an unknown role '{role}'."),
        };
    }
}
