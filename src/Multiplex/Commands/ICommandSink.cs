using Multiplex.Connections;

namespace Multiplex.Commands;

/// <summary>
/// Where the commands of a <see cref="RedisCommands"/> surface go: the client's topology (a node's
/// shared connections), a batch's or a transaction's queue, or a leased dedicated connection (a
/// dedicated session, or the connection holding a WATCH).
/// </summary>
internal interface ICommandSink
{
    /// <summary>What the surface belongs to, for messages ("a batch", "a transaction", …).</summary>
    public string Description { get; }

    /// <summary>Takes an encoded command; its caller's cancellation applies from now on.</summary>
    public void Add(PendingCommand command, CancellationToken cancellationToken);
}
