namespace Multiplex;

/// <summary>How the client follows a Redis Cluster (used when the client talks to a cluster).</summary>
public sealed record ClusterOptions
{
    /// <summary>The default settings.</summary>
    public static ClusterOptions Default { get; } = new();

    /// <summary>
    /// How many MOVED or ASK redirections one command follows before it fails with a
    /// <see cref="RedisClusterException"/> naming its slot and the nodes tried. Default 5.
    /// </summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>
    /// How often the slot map is reloaded when nothing prompted it (a MOVED reply, a lost connection and
    /// CLUSTERDOWN reload it at once); <see cref="TimeSpan.Zero"/> turns the periodic reload off. Default 60 s.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The shortest time between two slot-map reloads, so a burst of MOVED replies during resharding
    /// reloads the map once rather than once per reply. Default 100 ms.
    /// </summary>
    public TimeSpan MinRefreshSpacing { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Where commands that only read go (the server flags them <c>readonly</c>): the primary (default), a
    /// replica of the owning shard when one is connected, replicas only, or the shard's node with the
    /// lowest latency. Connections to replicas say READONLY.
    /// </summary>
    public ReplicaReads ReplicaReads { get; init; } = ReplicaReads.PrimaryOnly;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxRedirects is < 0 or > MaxRedirectsLimit)
        {
            throw new ArgumentException($"Cluster.MaxRedirects is {MaxRedirects}; allowed 0 to {MaxRedirectsLimit}.", nameof(MaxRedirects));
        }

        if (RefreshInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"Cluster.RefreshInterval is {RefreshInterval}; it must be zero (off) or more.", nameof(RefreshInterval));
        }

        if (MinRefreshSpacing < TimeSpan.Zero)
        {
            throw new ArgumentException($"Cluster.MinRefreshSpacing is {MinRefreshSpacing}; it must be zero or more.", nameof(MinRefreshSpacing));
        }

        if (!Enum.IsDefined(ReplicaReads))
        {
            throw new ArgumentException($"Cluster.ReplicaReads is {ReplicaReads}; allowed PrimaryOnly, PreferReplica, ReplicaOnly or LowestLatency.", nameof(ReplicaReads));
        }
    }

    // A command redirected more often than this is in a loop, whatever the settings say.
    private const int MaxRedirectsLimit = 100;
}
