using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Topology;
using Multiplex.Transactions;

namespace Multiplex;

/// <summary>Transactions: MULTI/EXEC, conditions, and the WATCH optimistic-retry helper.</summary>
public sealed partial class RedisClient
{
    private static readonly CommandSpec Watch = CommandSpec.Other("WATCH", null, KeySpec.All);
    private static readonly CommandSpec Unwatch = CommandSpec.Other("UNWATCH");

    /// <summary>
    /// Starts a MULTI/EXEC transaction: commands queued on <see cref="RedisTransaction.Commands"/> run
    /// atomically when <see cref="RedisTransaction.ExecuteAsync"/> is called.
    /// </summary>
    /// <returns>An empty transaction.</returns>
    public RedisTransaction CreateTransaction() => new(this);

    /// <summary>
    /// Runs an optimistic read-modify-write transaction, retrying on conflict (as redis-py's
    /// <c>transaction()</c> does). Each attempt leases a dedicated connection, WATCHes
    /// <paramref name="watchKeys"/>, runs <paramref name="body"/> (which reads through
    /// <see cref="RedisWatchContext.Client"/> and queues writes on <see cref="RedisWatchContext.Transaction"/>),
    /// then sends the queued commands in MULTI/EXEC on that connection. When another client changed a
    /// watched key in between, EXEC runs nothing and the attempt is retried (after
    /// <see cref="TransactionOptions.RetryBackoff"/>) with a fresh WATCH, up to
    /// <see cref="TransactionOptions.MaxAttempts"/>. A body that queues nothing ends the transaction
    /// (UNWATCH) without MULTI/EXEC. The connection always goes back to the pool, or is closed when its
    /// state is unknown (a timeout, a lost connection).
    /// </summary>
    /// <param name="watchKeys">The keys to WATCH (at least one); the first one picks the node.</param>
    /// <param name="body">
    /// Called once per attempt; must be safe to run again. Await the tasks of queued commands only
    /// after <see cref="TransactAsync"/> returns (those of earlier attempts fail as cancelled).
    /// </param>
    /// <param name="options">Retry options; <see cref="TransactionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">
    /// Cancels leasing, the body and the waits between attempts. Once EXEC has been sent, its reply is
    /// awaited (bounded by the command timeout) so the outcome is known.
    /// </param>
    /// <returns>The attempt that committed (1 when the first try did).</returns>
    /// <exception cref="WatchException">Every attempt was discarded by a conflict.</exception>
    /// <exception cref="TransactionAbortedException">The server refused a queued command (EXECABORT); nothing ran.</exception>
    /// <example>
    /// <code>
    /// // Increment a counter stored as a string, without INCR: read, compute, write if unchanged.
    /// ValueTask&lt;bool&gt; written = default;
    /// var attempts = await client.TransactAsync(["counter"], async (tx, ct) =>
    /// {
    ///     var current = (long?)await tx.Client.GetAsync("counter", ct) ?? 0;
    ///     written = tx.Transaction.SetAsync("counter", current + 1, cancellationToken: ct);
    /// }, new TransactionOptions { MaxAttempts = 20 }, ct);
    /// await written; // the SET of the attempt that committed
    /// </code>
    /// </example>
    public async Task<int> TransactAsync(
        IReadOnlyList<RedisKey> watchKeys,
        Func<RedisWatchContext, CancellationToken, ValueTask> body,
        TransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(watchKeys);
        ArgumentNullException.ThrowIfNull(body);
        if (watchKeys.Count == 0)
        {
            throw new ArgumentException("TransactAsync needs at least one key to WATCH.", nameof(watchKeys));
        }

        foreach (var key in watchKeys)
        {
            ThrowIfNull(key);
        }

        options ??= TransactionOptions.Default;
        options.Validate();
        IReadOnlyList<RedisKey> keys = [.. watchKeys];

        // Current in this async flow only: the attempts' spans are its children, the caller's activity is untouched.
        var activity = Diagnostics.Instrumentation.StartTransact(Options.Database);
        if (activity is null)
        {
            return await TransactCoreAsync(keys, body, options, cancellationToken).ConfigureAwait(false);
        }

        var attempts = 0;
        try
        {
            attempts = await TransactCoreAsync(keys, body, options, cancellationToken).ConfigureAwait(false);
            Diagnostics.Instrumentation.EndTransact(activity, attempts, null);
            return attempts;
        }
        catch (Exception ex)
        {
            Diagnostics.Instrumentation.EndTransact(activity, ex is WatchException watch ? watch.Attempts : attempts, ex);
            throw;
        }
    }

    private async Task<int> TransactCoreAsync(
        IReadOnlyList<RedisKey> keys, Func<RedisWatchContext, CancellationToken, ValueTask> body, TransactionOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var queue = new RedisTransaction(this);
            var current = attempt;
            var (outcome, endpoint) = await RunWatchedAsync(
                keys,
                async (view, token) =>
                {
                    await body(new RedisWatchContext(view, queue.Commands, keys, current), token).ConfigureAwait(false);
                    return true;
                },
                queue.Take,
                cancellationToken).ConfigureAwait(false);
            if (outcome != WatchedOutcome.Discarded)
            {
                return attempt;
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new WatchException(keys, attempt, endpoint);
            }

            var delay = options.RetryBackoff.GetDelay(attempt);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One WATCH … MULTI/EXEC attempt on a leased dedicated connection: WATCH <paramref name="keys"/>,
    /// run <paramref name="prepare"/> with a view on that connection (false: skip, nothing is sent),
    /// then send <paramref name="takeCommands"/>' commands in MULTI/EXEC. Commands not sent are
    /// completed as cancelled. The connection is returned clean (UNWATCHed) or closed.
    /// </summary>
    internal async Task<(WatchedOutcome Outcome, string Endpoint)> RunWatchedAsync(
        IReadOnlyList<RedisKey> keys,
        Func<RedisInteractiveCommands, CancellationToken, ValueTask<bool>> prepare,
        Func<List<PendingCommand>> takeCommands,
        CancellationToken cancellationToken)
    {
        if (Prefixer is { } prefixer)
        {
            // The keys as stored: WATCHed, and routed by, with the view's prefix.
            keys = [.. keys.Select(key => prefixer.Prepend(key))];
        }

        try
        {
            _topology.CheckOneSlot(keys, [], "WATCH");
        }
        catch (RedisCrossSlotException error)
        {
            RedisTransaction.Cancel(takeCommands(), error.Message);
            throw;
        }

        var pool = _topology.NodeForKey(keys[0]).Dedicated;
        DedicatedConnection connection;
        try
        {
            connection = await pool.LeaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            RedisTransaction.Cancel(takeCommands(), "the transaction could not lease a dedicated connection");
            throw;
        }

        var sink = new DedicatedCommandSink(connection, Options.CommandTimeout);
        var watching = true;
        List<PendingCommand>? unsent = null;
        try
        {
            var watch = Rent(Watch, ReplyParsers.Boolean);
            CommandEncoder.Write(watch, Watch, [.. keys]);
            sink.Submit(watch);
            await watch.Task.ConfigureAwait(false);

            var proceed = await prepare(new WatchedCommandsView(Options, sink, Prefixer), cancellationToken).ConfigureAwait(false);
            unsent = takeCommands();
            if (!proceed || unsent.Count == 0)
            {
                RedisTransaction.Cancel(unsent, "a condition of the transaction did not hold");
                unsent = null;
                return (proceed ? WatchedOutcome.Committed : WatchedOutcome.Skipped, connection.Endpoint);
            }

            _topology.CheckOneSlot(keys, unsent, $"The watched transaction of {unsent.Count} commands");
            var transaction = new TransactionCommand(unsent, Options.CommandTimeout);
            unsent = null;
            sink.Submit(transaction);

            // EXEC ends the WATCH whatever its outcome (committed, discarded or aborted).
            watching = false;
            var committed = await transaction.Completion.ConfigureAwait(false);
            return (committed ? WatchedOutcome.Committed : WatchedOutcome.Discarded, connection.Endpoint);
        }
        finally
        {
            await EndWatchAsync(pool, sink, watching, unsent ?? TakeIfOpen(takeCommands)).ConfigureAwait(false);
        }
    }

    private static List<PendingCommand>? TakeIfOpen(Func<List<PendingCommand>> takeCommands)
    {
        // Taking twice is harmless: the second take finds the queue empty.
        var commands = takeCommands();
        return commands.Count == 0 ? null : commands;
    }

    /// <summary>Waits for the view's commands, cancels what was never sent, UNWATCHes if needed, returns the lease.</summary>
    private async Task EndWatchAsync(DedicatedConnectionPool pool, DedicatedCommandSink sink, bool watching, List<PendingCommand>? unsent)
    {
        if (unsent is not null)
        {
            RedisTransaction.Cancel(unsent, "the transaction ended (an error or a cancellation) before MULTI/EXEC was sent");
        }

        var connection = sink.Connection;
        try
        {
            if (watching && !connection.IsBroken)
            {
                var unwatch = Rent(Unwatch, ReplyParsers.Boolean);
                CommandEncoder.Write(unwatch, Unwatch);
                sink.Submit(unwatch);
                await unwatch.Task.ConfigureAwait(false);
            }
        }
        catch (RedisException)
        {
            // A connection whose WATCH state is unknown is not reused.
            connection.MarkBroken();
        }
        finally
        {
            await sink.CloseAsync().ConfigureAwait(false);
            await pool.ReturnAsync(connection).ConfigureAwait(false);
        }
    }
}
