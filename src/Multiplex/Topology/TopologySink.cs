using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>
/// The client's own commands: each goes to the node its route picks, on one of its shared connections,
/// carrying the client's retrier and the surface's retry mode (two field writes: nothing else is done
/// for retries unless a connection fails).
/// </summary>
internal sealed class TopologySink(ITopologyProvider topology, Resilience.CommandRetrier? retrier = null, RetryMode retryMode = RetryMode.IdempotentOnly) : ICommandSink
{
    public string Description => "the client";

    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        if (command.Command.IsBlocking)
        {
            // Blocking commands lease a dedicated connection; one here would stall every caller.
            throw new InvalidOperationException($"{command.Command.Name} blocks its connection and cannot be sent on a shared connection.");
        }

        command.Retrier = retrier;
        command.RetryMode = retryMode;
        topology.Send(command, cancellationToken);
    }
}
