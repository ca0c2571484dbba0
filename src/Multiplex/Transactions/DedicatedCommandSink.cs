using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// Runs a view's commands on one leased dedicated connection (the one holding a WATCH), one after
/// another in the order they were issued: each is written, and its reply read, before the next.
/// </summary>
internal sealed class DedicatedCommandSink(DedicatedConnection connection, TimeSpan timeout) : ICommandSink
{
    private readonly Lock _lock = new();
    private Task _tail = Task.CompletedTask;
    private bool _closed;

    /// <inheritdoc />
    public string Description => "a watched connection";

    /// <summary>The leased connection.</summary>
    public DedicatedConnection Connection => connection;

    /// <inheritdoc />
    public void Add(PendingCommand command, in RedisKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfClosed(command);
            command.RegisterCancellation(cancellationToken);
            _tail = RunAfterAsync(_tail, command);
        }
    }

    /// <summary>Queues a command of the library's own (WATCH, MULTI…EXEC, UNWATCH) behind the caller's.</summary>
    public void Submit(PendingCommand command)
    {
        lock (_lock)
        {
            ThrowIfClosed(command);
            _tail = RunAfterAsync(_tail, command);
        }
    }

    /// <summary>Refuses further commands; completes when every command already issued has its outcome.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            return _tail;
        }
    }

    private async Task RunAfterAsync(Task previous, PendingCommand command)
    {
        // Neither task faults: RunAsync gives every command its outcome and never throws.
        await previous.ConfigureAwait(false);
        await connection.RunAsync(command, timeout).ConfigureAwait(false);
    }

    private void ThrowIfClosed(PendingCommand command)
    {
        if (_closed)
        {
            throw new InvalidOperationException(
                $"{command.Command.Name} was issued on a watch context after its attempt ended; use the client, or the context passed to the current attempt.");
        }
    }
}
