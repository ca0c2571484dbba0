using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>One server: every command, whatever its route, goes to its one node.</summary>
internal sealed class StandaloneTopology(RedisNode node) : ITopologyProvider
{
    private readonly RedisNode[] _nodes = [node];

    public IReadOnlyList<RedisNode> Nodes => _nodes;

    public Task StartAsync(CancellationToken cancellationToken) => node.StartAsync(cancellationToken);

    public void StartInBackground() => node.StartInBackground();

    public RedisNode NodeFor(PendingCommand command) => node;

    public RedisNode NodeForKey(in RedisKey key) => node;

    public ValueTask DisposeAsync() => node.DisposeAsync();
}
