namespace Multiplex;

/// <summary>What ROLE says a server is.</summary>
public enum ServerRoleKind
{
    /// <summary>A primary (<c>master</c>).</summary>
    Primary,

    /// <summary>A replica (<c>slave</c>).</summary>
    Replica,

    /// <summary>A sentinel.</summary>
    Sentinel,
}
