namespace Multiplex.Testing;

/// <summary>How a <see cref="RedisServer"/> fixture configures its redis-server process.</summary>
public sealed record RedisServerOptions
{
    /// <summary>Password of the default user (<c>requirepass</c>); none when null.</summary>
    public string? RequirePass { get; init; }

    /// <summary>Extra ACL users created at start.</summary>
    public IReadOnlyList<AclUser> AclUsers { get; init; } = [];

    /// <summary>Also listen on a TLS port; the plain port stays open for administration.</summary>
    public bool Tls { get; init; }

    /// <summary>Require TLS clients to present a certificate signed by the fixture CA (mutual TLS).</summary>
    public bool TlsAuthClients { get; init; }

    /// <summary>Also listen on a unix domain socket in the fixture directory.</summary>
    public bool UnixSocket { get; init; }

    /// <summary>Commands to rename; an empty new name disables the command (for example HELLO).</summary>
    public IReadOnlyDictionary<string, string> RenameCommands { get; init; } = new Dictionary<string, string>();

    /// <summary>Allow DEBUG from loopback (<c>enable-debug-command local</c>).</summary>
    public bool EnableDebugCommand { get; init; }

    /// <summary>Extra redis-server command-line arguments, appended after the config file, e.g. <c>["--maxmemory", "10mb"]</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Start as a replica of <c>"host port"</c>; null for a primary.</summary>
    public string? ReplicaOf { get; init; }
}
