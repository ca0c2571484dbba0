using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex;

/// <summary>Batches (explicit pipelines).</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// Starts a batch: commands queued on <see cref="RedisBatch.Commands"/> are sent together, in one
    /// contiguous write, by <see cref="RedisBatch.ExecuteAsync"/>.
    /// </summary>
    /// <returns>An empty batch.</returns>
    public RedisBatch CreateBatch() => new(this);

    /// <summary>The server of a client with one node (telemetry of batches and transactions); null when there are several.</summary>
    internal ServerTags? SingleServer => _topology.Nodes is [var node] ? ServerTags.For(node.Endpoint) : null;

    /// <summary>Queues a MULTI/EXEC transaction on the node its keys belong to.</summary>
    internal void EnqueueUnit(PendingCommand unit, CancellationToken cancellationToken) =>
        _topology.SendUnit(unit, cancellationToken);

    /// <summary>Sends a batch's commands, one contiguous write per node; completes when each has its outcome.</summary>
    internal Task SendBatch(List<PendingCommand> commands, CancellationToken cancellationToken) =>
        _topology.SendBatch(commands, Options.CommandTimeout, cancellationToken);
}
