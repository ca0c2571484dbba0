using Multiplex.Commands;

namespace Multiplex.Transactions;

/// <summary>The commands of a batch or a transaction: each is encoded at once and held in the queue until it is sent.</summary>
internal sealed class QueuedCommandsView(RedisClientOptions options, ICommandSink queue) : RedisCommands(options, queue)
{
    /// <inheritdoc />
    private protected override bool QueuesCommands => true;
}
