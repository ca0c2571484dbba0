using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Transactions;

namespace Multiplex;

/// <summary>
/// A MULTI/EXEC transaction: commands queued on <see cref="Commands"/> are held until
/// <see cref="ExecuteAsync"/>, then sent as one contiguous unit <c>MULTI, commands…, EXEC</c> and run
/// by the server with no other client's command in between. Each command's <see cref="ValueTask{T}"/>
/// completes with its own typed result; a runtime error in one (a WRONGTYPE, say) fails only that
/// command. Without conditions the transaction goes over the shared connection.
/// </summary>
/// <remarks>
/// With conditions (<see cref="AddCondition"/>), the transaction leases a dedicated connection,
/// WATCHes the conditions' keys, checks them, and sends MULTI/EXEC there only when all hold; if one
/// does not, or a watched key changes before EXEC, nothing runs and <see cref="ExecuteAsync"/>
/// returns false. For read-modify-write loops with retries use <see cref="RedisClient.TransactAsync"/>.
/// </remarks>
/// <example>
/// <code>
/// var transaction = client.CreateTransaction();
/// transaction.AddCondition(Condition.KeyNotExists("lock:job"));
/// var set = transaction.Commands.SetAsync("lock:job", "me");
/// var count = transaction.Commands.IncrAsync("jobs:started");
/// if (await transaction.ExecuteAsync(ct))
/// {
///     Console.WriteLine($"started job {await count}");
/// }
/// </code>
/// </example>
public sealed class RedisTransaction : ICommandSink
{
    private readonly RedisClient _client;
    private readonly QueuedCommands _queue = new("This transaction was already executed or discarded; create a new one with CreateTransaction().", "a transaction", atomic: true);
    private readonly List<Condition> _conditions = [];

    // The unit sent on the shared connection, once executed without conditions (for the server telemetry names).
    private TransactionCommand? _sent;

    internal RedisTransaction(RedisClient client)
    {
        _client = client;
        Commands = new QueuedCommandsView(client.Options, this, client.Prefixer, client.ClientCache);
    }

    /// <summary>
    /// Queue commands here: every command called on this view joins the transaction. Await the returned
    /// tasks after <see cref="ExecuteAsync"/>. Only commands that fit a transaction are offered (no
    /// blocking commands, subscriptions, cursor iteration, batches or nested transactions).
    /// </summary>
    public RedisCommands Commands { get; }

    /// <summary>How many commands are queued.</summary>
    public int Count => _queue.Count;

    /// <inheritdoc />
    string ICommandSink.Description => "a transaction";

    /// <summary>Adds a condition that must hold, checked under WATCH just before MULTI/EXEC.</summary>
    /// <param name="condition">The condition.</param>
    /// <exception cref="InvalidOperationException">The transaction was already executed or discarded.</exception>
    public void AddCondition(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        lock (_queue.SyncRoot)
        {
            _queue.ThrowIfClosed();
            _conditions.Add(condition);
        }
    }

    /// <summary>
    /// Sends the transaction and waits for EXEC's reply. A transaction is executed once. With no
    /// commands and no conditions nothing is sent and the result is true.
    /// </summary>
    /// <param name="cancellationToken">
    /// Before the transaction is written: nothing is sent and every command fails as cancelled. After:
    /// stops waiting; the commands complete on their own.
    /// </param>
    /// <returns>
    /// True when the commands ran; false when a condition did not hold or a watched key changed (every
    /// command then fails with an <see cref="OperationCanceledException"/>: none ran).
    /// </returns>
    /// <exception cref="TransactionAbortedException">
    /// The server refused the transaction (EXECABORT) because a command was refused when queued; the
    /// refused command fails with its own <see cref="RedisServerException"/>, the others with this exception.
    /// </exception>
    /// <exception cref="InvalidOperationException">The transaction was already executed or discarded.</exception>
    public async Task<bool> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        if (!Instrumentation.IsActive)
        {
            return await ExecuteCoreAsync(cancellationToken).ConfigureAwait(false);
        }

        // One span for the transaction (its commands have none of their own), with the number of commands.
        var telemetry = OperationTelemetry.Start(TelemetryTags.Multi, _client.Options.Database, Count, _client.SingleServer);
        try
        {
            var committed = await ExecuteCoreAsync(cancellationToken).ConfigureAwait(false);
            telemetry.End(null, _sent?.Server ?? _client.SingleServer);
            return committed;
        }
        catch (Exception ex)
        {
            telemetry.End(ex, _sent?.Server ?? _client.SingleServer);
            throw;
        }
    }

    private async Task<bool> ExecuteCoreAsync(CancellationToken cancellationToken)
    {
        List<Condition> conditions;
        List<PendingCommand>? commands = null;
        lock (_queue.SyncRoot)
        {
            _queue.ThrowIfClosed();
            conditions = [.. _conditions];
            if (conditions.Count == 0)
            {
                // Closed and taken at once, so a concurrent Discard finds nothing left to discard.
                commands = Take();
            }
        }

        if (commands is not null)
        {
            if (commands.Count == 0)
            {
                return true;
            }

            var transaction = new TransactionCommand(commands, _client.Options.CommandTimeout);
            _sent = transaction;
            _client.EnqueueUnit(transaction, cancellationToken);
            return await transaction.Completion.ConfigureAwait(false);
        }

        var keys = conditions.Select(condition => condition.Key).Distinct().ToArray();
        var (outcome, _) = await _client.RunWatchedAsync(keys, (view, token) => CheckAllAsync(conditions, view, token), Take, cancellationToken)
            .ConfigureAwait(false);
        return outcome == WatchedOutcome.Committed;
    }

    /// <summary>
    /// Discards the transaction without sending anything: every queued command fails with an
    /// <see cref="OperationCanceledException"/>. Does nothing when it was already executed or discarded.
    /// </summary>
    public void Discard()
    {
        if (_queue.IsClosed)
        {
            return;
        }

        Cancel(Take(), "the transaction was discarded by its caller before it was sent");
    }

    /// <summary>Adds an encoded command (called by the transaction view's command methods).</summary>
    void ICommandSink.Add(PendingCommand command, CancellationToken cancellationToken) =>
        _queue.Add(command, cancellationToken);

    /// <summary>Closes the transaction to new commands and takes the queued ones.</summary>
    internal List<PendingCommand> Take() => _queue.Take();

    /// <summary>Completes never-sent commands as cancelled.</summary>
    internal static void Cancel(List<PendingCommand> commands, string why)
    {
        foreach (var command in commands)
        {
            command.TryFail(new OperationCanceledException($"{command.Command.Name} did not run: {why}."));
            command.MarkAbandoned();
            command.ReleaseWire();
        }
    }

    private static async ValueTask<bool> CheckAllAsync(List<Condition> conditions, RedisInteractiveCommands view, CancellationToken cancellationToken)
    {
        foreach (var condition in conditions)
        {
            if (!await condition.CheckAsync(view, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
