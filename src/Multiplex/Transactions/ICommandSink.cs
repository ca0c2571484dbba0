using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// Where the commands of a <see cref="RedisClient"/> view go instead of the shared connection: a
/// batch, a transaction's queue, or a leased dedicated connection holding a WATCH.
/// </summary>
internal interface ICommandSink
{
    /// <summary>What the view belongs to, for messages ("a batch", "a transaction", …).</summary>
    public string Description { get; }

    /// <summary>Takes an encoded command (called by the view's command methods).</summary>
    public void Add(PendingCommand command, in RedisKey key, CancellationToken cancellationToken);
}
