using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>Where a dedicated session's commands go: its leased connection, which may also carry commands that block it.</summary>
internal interface ISessionSink : ICommandSink
{
    /// <summary>
    /// Takes a command that blocks its connection (WAIT, WAITAOF); its reply may take up to
    /// <paramref name="replyTimeout"/>, and cancelling releases it on the server.
    /// </summary>
    public void AddBlocking(PendingCommand command, TimeSpan replyTimeout, CancellationToken cancellationToken);
}
