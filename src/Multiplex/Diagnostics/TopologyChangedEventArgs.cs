namespace Multiplex;

/// <summary>The servers a client talks to changed (<see cref="RedisClient.TopologyChanged"/>).</summary>
public sealed class TopologyChangedEventArgs : EventArgs
{
    internal TopologyChangedEventArgs(TopologyChangeKind kind, IReadOnlyList<string> added, IReadOnlyList<string> removed, string? oldPrimary = null, string? newPrimary = null)
    {
        Kind = kind;
        Added = added;
        Removed = removed;
        OldPrimary = oldPrimary;
        NewPrimary = newPrimary;
    }

    /// <summary>What changed.</summary>
    public TopologyChangeKind Kind { get; }

    /// <summary>Servers (<c>host:port</c>) the client started using; empty when only slot owners moved.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Servers (<c>host:port</c>) the client stopped using.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>For <see cref="TopologyChangeKind.PrimaryChanged"/>: the primary used before; null when there was none (the first one found).</summary>
    public string? OldPrimary { get; }

    /// <summary>For <see cref="TopologyChangeKind.PrimaryChanged"/>: the primary used from now on.</summary>
    public string? NewPrimary { get; }
}
