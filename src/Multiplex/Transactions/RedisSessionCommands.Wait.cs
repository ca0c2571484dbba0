using Multiplex.Commands;
using Multiplex.Commands.Blocking;
using Multiplex.Connections;
using Tokens = Multiplex.Commands.Blocking.BlockingTokens;

namespace Multiplex;

/// <summary>
/// WAIT and WAITAOF. The server counts acknowledgements of the replication offset of the connection
/// that sends them, so they only mean something after writes on the same connection; and they block
/// that connection while the server waits. Both facts point to a dedicated session
/// (<see cref="RedisClient.LeaseDedicatedSessionAsync"/>): the caller's writes and the WAIT run on a
/// connection of the caller's own, which is the only place these methods are offered.
/// </summary>
public sealed partial class RedisSessionCommands
{
    /// <summary>
    /// WAIT: waits until <paramref name="numReplicas"/> replicas have acknowledged every write made
    /// earlier in this dedicated session, or until <paramref name="timeout"/> passes.
    /// </summary>
    /// <remarks>
    /// It blocks the session's connection only. Its reply is awaited for <paramref name="timeout"/> plus
    /// <see cref="RedisClientOptions.CommandTimeout"/> (forever when the timeout is zero). Cancelling
    /// releases the caller at once and the server is told to release the command (<c>CLIENT UNBLOCK</c>),
    /// so the session's next commands are not held up; if that fails, the session's connection is closed
    /// and replaced.
    /// </remarks>
    /// <param name="numReplicas">How many replicas must acknowledge (zero or more).</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever; rounded up to whole milliseconds.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command.</param>
    /// <returns>How many replicas acknowledged the writes (it may be fewer than <paramref name="numReplicas"/> when the timeout passed, or more).</returns>
    public ValueTask<long> WaitAsync(long numReplicas, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numReplicas);
        ThrowIfNegative(timeout);
        var command = Rent(Tokens.Wait, ReplyParsers.Int64);
        CommandArguments.Rent().Add(numReplicas).Add(BlockingArguments.Milliseconds(timeout)).WriteTo(command, Tokens.Wait);
        return SendBlocking(command, timeout, cancellationToken);
    }

    /// <summary>
    /// WAITAOF (Redis 7.2+): waits until the server itself (<paramref name="numLocal"/> = 1) and
    /// <paramref name="numReplicas"/> replicas have fsynced every write made earlier in this dedicated
    /// session to their append-only file, or until <paramref name="timeout"/> passes.
    /// </summary>
    /// <remarks>
    /// It runs as <see cref="WaitAsync"/> does. An older server answers with a
    /// <see cref="RedisServerException"/> (unknown command), and <paramref name="numLocal"/> = 1 on a
    /// server without <c>appendonly yes</c> is a server error too.
    /// </remarks>
    /// <param name="numLocal">1 to wait for the local fsync, 0 not to.</param>
    /// <param name="numReplicas">How many replicas must acknowledge (zero or more).</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever; rounded up to whole milliseconds.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command.</param>
    /// <returns>Whether the server fsynced (1 or 0) and how many replicas did.</returns>
    public ValueTask<WaitAofResult> WaitAofAsync(long numLocal, long numReplicas, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numLocal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numLocal, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(numReplicas);
        ThrowIfNegative(timeout);
        var command = Rent(Tokens.WaitAof, BlockingParsers.WaitAof);
        CommandArguments.Rent().Add(numLocal).Add(numReplicas).Add(BlockingArguments.Milliseconds(timeout)).WriteTo(command, Tokens.WaitAof);
        return SendBlocking(command, timeout, cancellationToken);
    }

    /// <summary>Queues a blocking command on the session; its reply may take the server's timeout plus the command timeout.</summary>
    private ValueTask<T> SendBlocking<T>(PendingCommand<T> command, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        var task = command.Task;
        _session.AddBlocking(command, BlockingReplyTimeout(serverTimeout), cancellationToken);
        return task;
    }
}
