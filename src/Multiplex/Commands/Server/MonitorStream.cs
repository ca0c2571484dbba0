using System.Runtime.CompilerServices;
using Multiplex.Connections;
using Multiplex.Protocol;
using Tokens = Multiplex.Commands.Blocking.BlockingTokens;

namespace Multiplex.Commands.Server;

/// <summary>
/// MONITOR on a connection leased from one node's dedicated pool (the pool <c>poolFor</c> gives for the
/// encoded command), read line by line; the connection is closed when the enumeration ends (MONITOR
/// cannot be undone).
/// </summary>
internal static class MonitorStream
{
    public static async IAsyncEnumerable<MonitorEntry> ReadAsync(Func<PendingCommand, DedicatedConnectionPool> poolFor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = PendingCommand<string?>.Rent(Tokens.Monitor, ReplyParsers.String, Timeout.InfiniteTimeSpan);
        RespWriter.WriteArrayHeader(command, 1);
        Tokens.Monitor.WriteName(command);
        DedicatedConnectionPool pool;
        DedicatedConnection connection;
        try
        {
            pool = poolFor(command);
            connection = await pool.LeaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            command.Abandon(null);
            throw;
        }

        try
        {
            await connection.Start(command).WaitAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var line = await connection.ReadNextAsync(Tokens.Monitor, ReplyParsers.String, cancellationToken).ConfigureAwait(false);
                yield return MonitorLineParser.Parse(line ?? string.Empty);
            }
        }
        finally
        {
            // MONITOR cannot be turned off: the connection is closed, not reused.
            connection.MarkBroken();
            await pool.ReturnAsync(connection).ConfigureAwait(false);
        }
    }
}
