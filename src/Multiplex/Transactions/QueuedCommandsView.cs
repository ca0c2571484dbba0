using Multiplex.Commands;
using Multiplex.Views;

namespace Multiplex.Transactions;

/// <summary>
/// The commands of a batch or a transaction: each is encoded at once and held in the queue until it is
/// sent (with the key prefix of the view the batch or transaction was made through, if any). With a
/// client-side cache, its writes drop their keys from the cache when queued and again when answered; its
/// reads are never answered from the cache (they belong to the unit).
/// </summary>
internal sealed class QueuedCommandsView : RedisCommands
{
    public QueuedCommandsView(RedisClientOptions options, ICommandSink queue, KeyPrefixer? prefixer, ClientCache? cache)
        : base(options, queue, prefixer)
    {
        UseClientCache(cache, reads: false);
    }

    /// <inheritdoc />
    private protected override bool QueuesCommands => true;
}
