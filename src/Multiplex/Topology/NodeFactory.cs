using Microsoft.Extensions.Logging;
using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Topology;

/// <summary>
/// Makes the nodes of a client, each wired the same way: its connections hand push frames (pub/sub
/// messages and confirmations) to the client's one push handler. Topology providers create nodes here
/// and nowhere else.
/// </summary>
internal sealed class NodeFactory(RedisClientOptions options, ILogger logger, PushHandler pushHandler, ClientEvents events, ConnectionKind kind = ConnectionKind.Shared, ClientCache? cache = null)
{
    /// <summary>Where the nodes' connections, and the topology, queue the client's events.</summary>
    public ClientEvents Events => events;

    /// <summary>The kind the shared connections of these nodes report in events (a sentinel's client: <see cref="ConnectionKind.Sentinel"/>).</summary>
    public ConnectionKind Kind => kind;

    /// <summary>
    /// A node for <paramref name="endpoint"/>, not connected yet. A cluster replica's connections say
    /// READONLY; a replica of a plain primary (Sentinel) serves reads without it (and would refuse it).
    /// </summary>
    public RedisNode Create(RedisEndpoint endpoint, NodeRole role, bool clusterReplica = true) =>
        new(endpoint, role, options, logger, pushHandler, events, kind, clusterReplica, cache);
}
