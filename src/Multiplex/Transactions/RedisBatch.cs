using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Transactions;

namespace Multiplex;

/// <summary>
/// An explicit pipeline: commands queued on <see cref="Commands"/> are held until
/// <see cref="ExecuteAsync"/>, then reach the server contiguously in one write. Each command's
/// <see cref="ValueTask{T}"/> completes on its own, and one command's server error (a WRONGTYPE, say)
/// fails only that command. Not a transaction: other clients' commands may run in between on the
/// server (use MULTI/EXEC for that).
/// </summary>
/// <example>
/// <code>
/// var batch = client.CreateBatch();
/// var name = batch.Commands.GetAsync("user:1:name");
/// var visits = batch.Commands.IncrAsync("user:1:visits");
/// await batch.ExecuteAsync(ct);
/// Console.WriteLine($"{await name} visited {await visits} times");
/// </code>
/// </example>
public sealed class RedisBatch : ICommandSink
{
    private readonly RedisClient _client;
    private readonly QueuedCommands _queue = new("This batch was already executed; create a new one with CreateBatch().", "a batch", atomic: false);

    internal RedisBatch(RedisClient client)
    {
        _client = client;
        Commands = new QueuedCommandsView(client.Options, this, client.Prefixer, client.ClientCache);
    }

    /// <summary>
    /// Queue commands here: every command called on this view joins the batch. Await the returned tasks
    /// after <see cref="ExecuteAsync"/>. Only commands that fit a batch are offered (no blocking commands,
    /// subscriptions, cursor iteration or nested batches).
    /// </summary>
    public RedisCommands Commands { get; }

    /// <summary>How many commands are queued.</summary>
    public int Count => _queue.Count;

    /// <summary>
    /// Sends every queued command in one contiguous write and waits until each has its outcome. A
    /// batch is executed once.
    /// </summary>
    /// <param name="cancellationToken">
    /// Before the batch is written: nothing is sent and every command fails as not sent. After: stops
    /// waiting; the commands complete on their own.
    /// </param>
    /// <returns>A task that completes when every command in the batch has its outcome.</returns>
    /// <exception cref="InvalidOperationException">The batch was already executed.</exception>
    public Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        // Not an async method: without telemetry the batch's own completion is the caller's task, and
        // no state machine is allocated per batch. Failures still come as a faulted task, as from one.
        try
        {
            List<PendingCommand> commands;
            lock (_queue.SyncRoot)
            {
                _queue.ThrowIfClosed();
                commands = _queue.Take(handOver: true);
            }

            if (commands.Count == 0)
            {
                return Task.CompletedTask;
            }

            return Instrumentation.IsActive
                ? ExecuteObservedAsync(commands, cancellationToken)
                : _client.SendBatch(commands, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Sends the batch inside one span (its commands have none of their own), with the number of commands.</summary>
    private async Task ExecuteObservedAsync(List<PendingCommand> commands, CancellationToken cancellationToken)
    {
        var server = _client.SingleServer;
        // Counted before sending: the list goes back to the pool once the batch's last reply is in.
        var telemetry = OperationTelemetry.Start(TelemetryTags.Pipeline, _client.Options.Database, commands.Count, server);
        try
        {
            await _client.SendBatch(commands, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            telemetry.End(ex, server);
            throw;
        }

        telemetry.End(null, server);
    }

    /// <inheritdoc />
    string ICommandSink.Description => "a batch";

    /// <summary>Adds an encoded command (called by the batch view's command methods).</summary>
    void ICommandSink.Add(PendingCommand command, CancellationToken cancellationToken) =>
        _queue.Add(command, cancellationToken);
}
