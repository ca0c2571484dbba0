using Multiplex.Commands;
using Multiplex.Commands.Blocking;
using Multiplex.Connections;
using Multiplex.Protocol;
using Tokens = Multiplex.Commands.Blocking.BlockingTokens;

namespace Multiplex;

/// <summary>
/// WAIT and WAITAOF. Unlike the other blocking commands they run on the shared connections, on purpose:
/// the server counts acknowledgements of the replication offset of the connection that sends them, so
/// only there do they wait for the caller's writes (on a dedicated connection they would wait for
/// nothing). The price is that the shared connection answers nothing else until they return, so their
/// timeout must be positive and at most <see cref="RedisClientOptions.CommandTimeout"/>.
/// </summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// WAIT: waits until <paramref name="numReplicas"/> replicas have acknowledged every write this
    /// client sent before the call, or until <paramref name="timeout"/> passes.
    /// </summary>
    /// <remarks>
    /// WAIT is sent on each shared connection to the node (one by default; see
    /// <see cref="RedisClientOptions.ConnectionsPerNode"/>), pipelined behind the writes already queued
    /// there, and the smallest count is returned, so it covers every earlier write of this client whichever
    /// connection carried it. While the server waits, commands queued behind it on the same connection
    /// wait too: keep <paramref name="timeout"/> short. Inside a batch it joins the batch, right behind the
    /// batch's writes on the batch's connection. Cancelling releases the caller; the server still answers
    /// by <paramref name="timeout"/> and that reply is discarded.
    /// </remarks>
    /// <param name="numReplicas">How many replicas must acknowledge (zero or more).</param>
    /// <param name="timeout">How long the server waits: positive (WAIT 0, wait forever, would stall the shared connection) and at most <see cref="RedisClientOptions.CommandTimeout"/>; rounded up to whole milliseconds.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many replicas acknowledged the writes (it may be fewer than <paramref name="numReplicas"/> when the timeout passed, or more).</returns>
    public ValueTask<long> WaitAsync(long numReplicas, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numReplicas);
        var milliseconds = WaitMilliseconds(timeout);
        return SendOnEveryConnection(
            Tokens.Wait,
            () => CommandArguments.Rent().Add(numReplicas).Add(milliseconds),
            ReplyParsers.Int64,
            timeout,
            Math.Min,
            cancellationToken);
    }

    /// <summary>
    /// WAITAOF (Redis 7.2+): waits until the server itself (<paramref name="numLocal"/> = 1) and
    /// <paramref name="numReplicas"/> replicas have fsynced every write this client sent before the call
    /// to their append-only file, or until <paramref name="timeout"/> passes.
    /// </summary>
    /// <remarks>
    /// It runs as <see cref="WaitAsync"/> does: on every shared connection to the node, behind the writes
    /// queued there, returning the smallest counts; commands behind it wait while the server does. An
    /// older server answers with a <see cref="RedisServerException"/> (unknown command), and
    /// <paramref name="numLocal"/> = 1 on a server without <c>appendonly yes</c> is a server error too.
    /// </remarks>
    /// <param name="numLocal">1 to wait for the local fsync, 0 not to.</param>
    /// <param name="numReplicas">How many replicas must acknowledge (zero or more).</param>
    /// <param name="timeout">How long the server waits: positive and at most <see cref="RedisClientOptions.CommandTimeout"/>; rounded up to whole milliseconds.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Whether the server fsynced (1 or 0) and how many replicas did.</returns>
    public ValueTask<WaitAofResult> WaitAofAsync(long numLocal, long numReplicas, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numLocal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numLocal, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(numReplicas);
        var milliseconds = WaitMilliseconds(timeout);
        return SendOnEveryConnection(
            Tokens.WaitAof,
            () => CommandArguments.Rent().Add(numLocal).Add(numReplicas).Add(milliseconds),
            BlockingParsers.WaitAof,
            timeout,
            static (a, b) => new WaitAofResult(Math.Min(a.Local, b.Local), Math.Min(a.Replicas, b.Replicas)),
            cancellationToken);
    }

    /// <summary>
    /// Sends a command to every shared connection of the node (or into the batch) and combines the
    /// replies. Its reply deadline is the server's timeout plus the command timeout.
    /// </summary>
    private ValueTask<T> SendOnEveryConnection<T>(
        CommandToken token, Func<CommandArguments> arguments, ReplyParser<T> parser, TimeSpan serverTimeout, Func<T, T, T> combine, CancellationToken cancellationToken)
    {
        var deadline = serverTimeout + Options.CommandTimeout;
        if (_batch is not null)
        {
            var batched = PendingCommand<T>.Rent(token, parser, deadline);
            arguments().WriteTo(batched, token);
            return Send(batched, cancellationToken);
        }

        var connections = _topology.Connections;
        var replies = new ValueTask<T>[connections.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            var command = PendingCommand<T>.Rent(token, parser, deadline);
            arguments().WriteTo(command, token);
            replies[i] = command.Task;
            FaultInjection.OnEncoded(Options.ClientName, command);
            connections[i].Enqueue(command, cancellationToken);
        }

        return replies.Length == 1 ? replies[0] : CombineAsync(replies, combine);
    }

    private static async ValueTask<T> CombineAsync<T>(ValueTask<T>[] replies, Func<T, T, T> combine)
    {
        // Every reply is awaited (each pooled command must be read once), even after one has failed.
        var results = new T[replies.Length];
        Exception? failure = null;
        for (var i = 0; i < replies.Length; i++)
        {
            try
            {
                results[i] = await replies[i].ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The first failure is the one reported.
                failure ??= exception;
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return results.Aggregate(combine);
    }

    /// <summary>The WAIT/WAITAOF timeout in milliseconds, refusing what would stall the shared connection.</summary>
    private long WaitMilliseconds(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero || timeout > Options.CommandTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout),
                timeout,
                $"The timeout must be positive and at most the command timeout ({Options.CommandTimeout.TotalMilliseconds:0} ms): the shared connection answers nothing else while the server waits.");
        }

        return BlockingArguments.Milliseconds(timeout);
    }
}
