using System.Buffers;
using Multiplex.Connections;

namespace Multiplex.Topology.Cluster;

/// <summary>Commands for several nodes: sent to every primary (or every node), or split by slot, and their replies combined.</summary>
internal sealed partial class ClusterTopology
{
    /// <summary>Sends <paramref name="command"/> to every primary (every known node for <see cref="RouteKind.AllNodes"/>); its caller gets the combined reply.</summary>
    private Task FanOut(PendingCommand command, CancellationToken cancellationToken)
    {
        RedisNode[] nodes = command.Command.Route == RouteKind.AllNodes ? [.. Nodes] : Volatile.Read(ref _primaries);
        if (nodes.Length == 0)
        {
            nodes = [_seed];
        }
        if (!TryStart(command, cancellationToken))
        {
            return Task.CompletedTask;
        }

        var fanOut = new FanOut(command, nodes.Length);
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].Enqueue(new FanOutPart(fanOut, i, command.Command, command.Encoded, command, this), CancellationToken.None);
        }

        return fanOut.Completion;
    }

    /// <summary>Sends <paramref name="command"/> as one command per slot of its keys; its caller gets the replies merged in its key order.</summary>
    private Task Split(PendingCommand command, CancellationToken cancellationToken)
    {
        var parts = SlotSplit.Split(command.Command, command.Encoded);
        if (!TryStart(command, cancellationToken))
        {
            return Task.CompletedTask;
        }

        var fanOut = command.Command.Aggregate == ReplyAggregate.InKeyOrder
            ? new FanOut(command, parts, parts.Sum(part => part.KeyIndexes.Length))
            : new FanOut(command, parts.Length);
        var frame = new ArrayBufferWriter<byte>();
        for (var i = 0; i < parts.Length; i++)
        {
            frame.ResetWrittenCount();
            SlotSplit.WritePart(command.Command, command.Encoded, parts[i], frame);
            var node = NodeForSlot(parts[i].Slot, command.Command);
            node.Enqueue(new FanOutPart(fanOut, i, command.Command, frame.WrittenSpan, command, this), CancellationToken.None);
        }

        return fanOut.Completion;
    }

    /// <summary>
    /// Claims the caller's command for sending, as a writer would (its caller's cancellation now says it
    /// may have run); false when the caller has already gone, and then nothing is sent.
    /// </summary>
    private static bool TryStart(PendingCommand command, CancellationToken cancellationToken)
    {
        // The command's own reply is the combination: only its parts are redirected.
        command.Redirects = null;
        command.RegisterCancellation(cancellationToken);
        if (command.TryBeginWrite())
        {
            return true;
        }

        command.ReleaseWire();
        return false;
    }
}
