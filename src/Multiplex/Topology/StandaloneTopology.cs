using Multiplex.Connections;
using Multiplex.Transactions;

namespace Multiplex.Topology;

/// <summary>One server (<see cref="ServerMode.Standalone"/>): every command, whatever its route, goes to its one node.</summary>
internal sealed class StandaloneTopology(RedisNode node) : ITopologyProvider
{
    private readonly RedisNode[] _nodes = [node];

    public IReadOnlyList<RedisNode> Nodes => _nodes;

    public IReadOnlyList<RedisNode> Primaries => _nodes;

    public Task Ready => node.FirstConnection;

    public bool IsCluster => false;

    /// <inheritdoc />
    public event Action? Changed
    {
        // One server: its map never changes.
        add { }
        remove { }
    }

    /// <inheritdoc />
    public RedisNode PrimaryFor(int slot) => node;

    /// <inheritdoc />
    public void RequestRefresh()
    {
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => node.StartAsync(cancellationToken);

    public void StartInBackground() => node.StartInBackground();

    public RedisNode NodeFor(PendingCommand command) => node;

    public RedisNode NodeForKey(in RedisKey key) => node;

    public void Send(PendingCommand command, CancellationToken cancellationToken) => node.Enqueue(command, cancellationToken);

    public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
    {
    }

    public void SendUnit(PendingCommand unit, CancellationToken cancellationToken) => node.Enqueue(unit, cancellationToken);

    public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendBatchTo(node, commands, timeout, cancellationToken);

    public ValueTask DisposeAsync() => node.DisposeAsync();

    /// <summary>Writes <paramref name="commands"/> as one batch on <paramref name="target"/>; the task completes when each has its outcome.</summary>
    internal static Task SendBatchTo(RedisNode target, List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var batch = new BatchCommand(commands, timeout);
        target.Enqueue(batch, cancellationToken);
        return batch.Completion;
    }
}
