using Microsoft.Extensions.Logging;
using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>
/// Makes the nodes of a client, each wired the same way: its connections hand push frames (pub/sub
/// messages and confirmations) to the client's one push handler. Topology providers create nodes here
/// and nowhere else.
/// </summary>
internal sealed class NodeFactory(RedisClientOptions options, ILogger logger, PushHandler pushHandler, ClientCache? cache = null)
{
    /// <summary>
    /// A node for <paramref name="endpoint"/>, not connected yet. A cluster replica's connections say
    /// READONLY; a replica of a plain primary (Sentinel) serves reads without it (and would refuse it).
    /// </summary>
    public RedisNode Create(RedisEndpoint endpoint, NodeRole role, bool clusterReplica = true) =>
        new(endpoint, role, options, logger, pushHandler, clusterReplica, cache);
}
