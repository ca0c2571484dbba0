namespace Multiplex.Testing;

/// <summary>How <see cref="RedisCluster.StartAsync(RedisClusterOptions, CancellationToken)"/> configures its six nodes.</summary>
public sealed record RedisClusterOptions
{
    /// <summary>
    /// The cluster tests' node timeout: how long a node may be unreachable before it is suspected, and
    /// so the floor of an automatic failover's duration. Default 2 s (<c>cluster-node-timeout 2000</c>).
    /// </summary>
    public static readonly TimeSpan DefaultNodeTimeout = TimeSpan.FromMilliseconds(2000);

    /// <summary>Options of every node. With <see cref="RedisServerOptions.Tls"/> the nodes share one CA and talk to each other (bus, replication, MIGRATE) over TLS.</summary>
    public RedisServerOptions Server { get; init; } = new();

    /// <summary><c>cluster-node-timeout</c>; default <see cref="DefaultNodeTimeout"/>.</summary>
    public TimeSpan NodeTimeout { get; init; } = DefaultNodeTimeout;
}
