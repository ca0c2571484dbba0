using Multiplex.Commands;
using Multiplex.Views;

namespace Multiplex.Transactions;

/// <summary>
/// The commands of a batch or a transaction: each is encoded at once and held in the queue until it is
/// sent (with the key prefix of the view the batch or transaction was made through, if any).
/// </summary>
internal sealed class QueuedCommandsView(RedisClientOptions options, ICommandSink queue, KeyPrefixer? prefixer) : RedisCommands(options, queue, prefixer)
{
    /// <inheritdoc />
    private protected override bool QueuesCommands => true;
}
