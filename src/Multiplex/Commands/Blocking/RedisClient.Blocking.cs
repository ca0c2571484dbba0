using Multiplex.Commands;
using Multiplex.Commands.Blocking;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Topology;

namespace Multiplex;

/// <summary>
/// Blocking commands. Each runs on a dedicated connection leased from a bounded pool, so it never
/// stalls the shared connection. Cancelling a blocked command returns promptly: the server is told to
/// release it (<c>CLIENT UNBLOCK … TIMEOUT</c>, sent on a shared connection of the same node) and the dedicated
/// connection goes back to the pool once its reply has been read, or is closed if that fails. When the
/// server had already served the command (the element was popped for this caller) and the reply arrives
/// within a short settle time (500 ms), the caller gets the reply instead of an
/// <see cref="OperationCanceledException"/>, so the element is not lost.
/// </summary>
public sealed partial class RedisClient
{
    // After a cancellation, how long the caller waits for the released command's reply: a reply that
    // carries data by then is returned instead of lost; later ones are read and dropped in the background.
    private static readonly TimeSpan CancelSettleTime = TimeSpan.FromMilliseconds(500);

    /// <summary>BLPOP: pops the first element of the first non-empty list, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="keys">The lists, in priority order (at least one).</param>
    /// <param name="timeout">How long the server waits for an element; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The element and its list, or null when the timeout passed.</returns>
    public ValueTask<ListElement?> BLPopAsync(IReadOnlyList<RedisKey> keys, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingPopAsync(BlockingTokens.BLPop, keys, timeout, cancellationToken);

    /// <summary>BLPOP of one list: pops its first element, waiting up to <paramref name="timeout"/> for one.</summary>
    /// <param name="key">The list.</param>
    /// <param name="timeout">How long the server waits for an element; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The element and its list, or null when the timeout passed.</returns>
    public ValueTask<ListElement?> BLPopAsync(RedisKey key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingPopAsync(BlockingTokens.BLPop, [key], timeout, cancellationToken);

    /// <summary>BRPOP of one list: pops its last element, waiting up to <paramref name="timeout"/> for one.</summary>
    /// <param name="key">The list.</param>
    /// <param name="timeout">How long the server waits for an element; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The element and its list, or null when the timeout passed.</returns>
    public ValueTask<ListElement?> BRPopAsync(RedisKey key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingPopAsync(BlockingTokens.BRPop, [key], timeout, cancellationToken);

    /// <summary>BRPOP: pops the last element of the first non-empty list, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="keys">The lists, in priority order (at least one).</param>
    /// <param name="timeout">How long the server waits for an element; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The element and its list, or null when the timeout passed.</returns>
    public ValueTask<ListElement?> BRPopAsync(IReadOnlyList<RedisKey> keys, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingPopAsync(BlockingTokens.BRPop, keys, timeout, cancellationToken);

    /// <summary>BRPOPLPUSH: moves the last element of <paramref name="source"/> to the head of <paramref name="destination"/>, waiting for one.</summary>
    /// <param name="source">The list to pop from.</param>
    /// <param name="destination">The list to push to.</param>
    /// <param name="timeout">How long the server waits; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="cancellationToken">Stops waiting: the server is told to release the command; a reply it had already sent (an element popped for this caller) is returned instead of being lost.</param>
    /// <returns>The element moved, or null when the timeout passed.</returns>
    public ValueTask<RedisValue> BRPopLPushAsync(RedisKey source, RedisKey destination, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(source);
        ThrowIfNull(destination);
        ThrowIfNegative(timeout);
        var arguments = BlockingArguments.AddSeconds(CommandArguments.Rent().Add(source).Add(destination), timeout);
        return ExecuteBlockingAsync(BlockingTokens.BRPopLPush, arguments, ReplyParsers.Value, timeout, cancellationToken);
    }

    private ValueTask<ListElement?> BlockingPopAsync(CommandSpec command, IReadOnlyList<RedisKey> keys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfEmptyList(keys, command);
        ThrowIfNegative(timeout);
        var arguments = BlockingArguments.AddSeconds(AddKeyList(CommandArguments.Rent(), keys), timeout);
        return ExecuteBlockingAsync(command, arguments, BlockingParsers.ListElement, timeout, cancellationToken);
    }

    /// <summary>Encodes a blocking command and runs it on a dedicated connection of the node its keys belong to.</summary>
    private async ValueTask<T> ExecuteBlockingAsync<T>(
        CommandSpec spec, CommandArguments arguments, ReplyParser<T> parser, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        // No deadline on the command itself: the wait below bounds it, and a released command's reply
        // is still read so the connection stays in step.
        var command = PendingCommand<T>.Rent(spec, parser, Timeout.InfiniteTimeSpan);
        arguments.WriteTo(command, spec);
        if (command.Encoded.Length > Options.MaxValueLength)
        {
            ThrowIfArgumentTooLong(command);
        }

        Prefixer?.Apply(command);
        if (Instrumentation.IsActive)
        {
            // Ends when the command's reply (or failure) arrives on its dedicated connection.
            command.StartTelemetry(Options);
        }

        RedisNode node;
        DedicatedConnection connection;
        try
        {
            node = _topology.NodeFor(command);
            connection = await node.Dedicated.LeaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Never sent: let go of the wire's hold (the pooled object is dropped, its caller never saw it).
            command.EndTelemetryUnsent(ex);
            command.MarkAbandoned();
            command.ReleaseWire();
            throw;
        }

        var pool = node.Dedicated;
        var reply = connection.Start(command);

        try
        {
            var result = await reply.WaitAsync(BlockingReplyTimeout(serverTimeout), cancellationToken).ConfigureAwait(false);
            await pool.ReturnAsync(connection).ConfigureAwait(false);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server may have served the command just before the cancellation (an element popped
            // or moved for this caller, stream entries delivered to its consumer): wait a moment for
            // the release to settle, and return what the reply carries rather than drop it.
            _ = ReleaseBlockedAsync(node, connection, reply);
            await ((Task)reply).WaitAsync(CancelSettleTime).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (reply.IsCompletedSuccessfully)
            {
                var served = await reply.ConfigureAwait(false);
                if (CarriesData(served))
                {
                    return served;
                }
            }

            throw;
        }
        catch (TimeoutException)
        {
            connection.MarkBroken();
            await pool.ReturnAsync(connection).ConfigureAwait(false);
            throw new RedisTimeoutException(
                $"{spec.Name} got no reply from {connection.Endpoint} within its {serverTimeout.TotalSeconds:0.###} s timeout plus {Options.CommandTimeout.TotalMilliseconds:0} ms.",
                CommandOutcome.Unknown)
            { Command = spec.Name, Endpoint = connection.Endpoint };
        }
        catch (RedisException)
        {
            // A server error leaves the connection in step; a connection error has marked it broken.
            await pool.ReturnAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Whether a blocking command's reply carries data (an element, entries) rather than the empty
    /// reply of a command released or timed out.
    /// </summary>
    private static bool CarriesData<T>(T reply) => reply switch
    {
        null => false,
        RedisValue value => !value.IsNull,
        Array array => array.Length > 0,
        _ => true,
    };

    /// <summary>
    /// After a cancellation: asks the server to release the blocked command (CLIENT UNBLOCK on the same
    /// node), reads its reply so the connection stays in step, then returns the connection to the pool
    /// (or closes it).
    /// </summary>
    private static async Task ReleaseBlockedAsync(RedisNode node, DedicatedConnection connection, Task reply)
    {
        try
        {
            await connection.ReleaseBlockedAsync(reply, node.UnblockAsync).ConfigureAwait(false);
        }
        finally
        {
            await node.Dedicated.ReturnAsync(connection).ConfigureAwait(false);
        }
    }
}
