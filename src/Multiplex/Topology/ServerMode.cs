namespace Multiplex;

/// <summary>What kind of deployment the client talks to.</summary>
public enum ServerMode
{
    /// <summary>
    /// Found out on connecting: the server's HELLO reply says <c>mode</c> (RESP3), or <c>INFO cluster</c>
    /// says <c>cluster_enabled</c> (RESP2). Several endpoints are seeds of one cluster, or
    /// (when the server is not a cluster node) a primary and its replicas, the primary found by ROLE.
    /// </summary>
    Auto,

    /// <summary>One server (with or without replicas of its own): every command goes to it.</summary>
    Standalone,

    /// <summary>
    /// A Redis Cluster: the endpoints are seeds from which the client learns the slot map; commands go
    /// to the primary that owns their keys' hash slot.
    /// </summary>
    Cluster,

    /// <summary>
    /// A primary watched by Redis Sentinel: the endpoints are sentinels, which name the primary of
    /// <see cref="SentinelOptions.ServiceName"/>; the client follows it through failovers. Chosen by
    /// <see cref="Auto"/> whenever a service name is set.
    /// </summary>
    Sentinel,
}
