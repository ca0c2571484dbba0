using System.Buffers;
using Multiplex.Connections;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Takes the error replies that redirect a command in a cluster (MOVED, ASK, TRYAGAIN, CLUSTERDOWN)
/// before its caller sees them, and sends the command again, as it is encoded, where it belongs.
/// </summary>
internal interface IRedirectHandler
{
    /// <summary>
    /// Called by the reader with an error reply to <paramref name="command"/>, whose caller is still
    /// waiting. Returns true when it took the command (queued again, or failed with a cluster error);
    /// false when the error is the caller's.
    /// </summary>
    public bool TryRedirect(PendingCommand command, in ReadOnlySequence<byte> errorFrame);
}
