namespace Multiplex;

/// <summary>
/// Which connections CLIENT KILL closes: every filter that is set must match (they are ANDed). At
/// least one filter must be set.
/// </summary>
public sealed record ClientKillFilter
{
    /// <summary>The connection with this id (<c>ID</c>), from CLIENT ID or CLIENT LIST.</summary>
    public long? Id { get; init; }

    /// <summary>The connection from this <c>ip:port</c> (<c>ADDR</c>).</summary>
    public string? Address { get; init; }

    /// <summary>Connections to this server-side <c>ip:port</c> (<c>LADDR</c>).</summary>
    public string? LocalAddress { get; init; }

    /// <summary>Connections authenticated as this ACL user (<c>USER</c>).</summary>
    public string? User { get; init; }

    /// <summary>Connections of this kind (<c>TYPE</c>).</summary>
    public ClientType? Type { get; init; }

    /// <summary>Whether the calling connection is spared (<c>SKIPME</c>); null for the server's default (yes).</summary>
    public bool? SkipMe { get; init; }

    /// <summary>Whether no filter is set.</summary>
    internal bool IsEmpty => Id is null && Address is null && LocalAddress is null && User is null && Type is null && SkipMe is null;
}
