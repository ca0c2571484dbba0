using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>Commands addressed to one node: each goes to that node as it is, wherever its keys belong.</summary>
internal sealed class NodeSink(RedisNode node) : ICommandSink
{
    public string Description => $"the node {node.EndpointText}";

    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        if (command.Command.IsBlocking)
        {
            // Blocking commands lease a dedicated connection; one here would stall every caller.
            throw new InvalidOperationException($"{command.Command.Name} blocks its connection and cannot be sent on a shared connection.");
        }

        node.Enqueue(command, cancellationToken);
    }
}
