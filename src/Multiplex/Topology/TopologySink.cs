using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>The client's own commands: each goes to the node its route picks, on one of its shared connections.</summary>
internal sealed class TopologySink(ITopologyProvider topology) : ICommandSink
{
    public string Description => "the client";

    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        if (command.Command.IsBlocking)
        {
            // Blocking commands lease a dedicated connection; one here would stall every caller.
            throw new InvalidOperationException($"{command.Command.Name} blocks its connection and cannot be sent on a shared connection.");
        }

        topology.Send(command, cancellationToken);
    }
}
