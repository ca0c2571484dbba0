using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>
/// Maps commands to nodes. Standalone has one node; cluster (hash-slot map, MOVED/ASK) and sentinel
/// (primary discovery, failover) providers plug in here without anything above them changing: the
/// client, its batches, transactions, sessions, blocking commands and subscriptions all ask the
/// provider for a node and use that node's connections.
/// </summary>
internal interface ITopologyProvider : IAsyncDisposable
{
    /// <summary>Every node the provider currently knows.</summary>
    public IReadOnlyList<RedisNode> Nodes { get; }

    /// <summary>Connects to the initial node(s); throws when none can be reached.</summary>
    public Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts connecting in the background, retrying with backoff until connected or disposed.</summary>
    public void StartInBackground();

    /// <summary>The node a command goes to, by its route (<see cref="Commands.CommandSpec.Route"/>) and keys.</summary>
    public RedisNode NodeFor(PendingCommand command);

    /// <summary>The node that owns <paramref name="key"/>; any node when the key is null (sessions, WATCH, MONITOR).</summary>
    public RedisNode NodeForKey(in RedisKey key);
}
