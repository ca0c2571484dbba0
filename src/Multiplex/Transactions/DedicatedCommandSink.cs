using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// Runs a view's commands on one leased dedicated connection (the one holding a WATCH, or a
/// <see cref="RedisDedicatedSession"/>), one after another in the order they were issued: each is
/// written, and its reply read, before the next.
/// </summary>
internal sealed class DedicatedCommandSink : ISessionSink
{
    private readonly DedicatedConnection _connection;
    private readonly TimeSpan _timeout;
    private readonly Func<long, Task>? _unblock;
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Task _tail = Task.CompletedTask;
    private bool _closed;

    /// <summary>A sink for a WATCH attempt: no blocking commands.</summary>
    public DedicatedCommandSink(DedicatedConnection connection, TimeSpan timeout)
    {
        _connection = connection;
        _timeout = timeout;
    }

    /// <summary>
    /// A sink for a dedicated session: blocking commands (WAIT, WAITAOF) may run on it, and are released
    /// with <paramref name="unblock"/> (CLIENT UNBLOCK of the given client id, sent elsewhere) when their
    /// caller cancels or the session ends.
    /// </summary>
    public DedicatedCommandSink(DedicatedConnection connection, TimeSpan timeout, Func<long, Task> unblock)
        : this(connection, timeout)
    {
        _unblock = unblock;
    }

    /// <inheritdoc />
    public string Description => IsSession ? "a dedicated session" : "a watched connection";

    /// <summary>Whether the sink belongs to a <see cref="RedisDedicatedSession"/> (blocking commands allowed).</summary>
    public bool IsSession => _unblock is not null;

    /// <summary>The leased connection.</summary>
    public DedicatedConnection Connection => _connection;

    /// <inheritdoc />
    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfClosed(command);
            command.RegisterCancellation(cancellationToken);
            _tail = RunAfterAsync(_tail, command, _timeout);
        }
    }

    /// <summary>
    /// Queues a blocking command (session only). Its reply may take up to <paramref name="replyTimeout"/>
    /// (infinite allowed). If <paramref name="cancellationToken"/> fires, or the session ends, while the
    /// server holds it, the server is told to release it, so the commands behind it are not held up;
    /// when that fails the connection is cut and marked broken.
    /// </summary>
    public void AddBlocking(PendingCommand command, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        if (_unblock is null)
        {
            throw new InvalidOperationException($"{command.Command.Name} cannot run on {Description}.");
        }

        lock (_lock)
        {
            ThrowIfClosed(command);
            command.RegisterCancellation(cancellationToken);
            _tail = RunBlockingAfterAsync(_tail, command, replyTimeout, cancellationToken);
        }
    }

    /// <summary>Queues a command of the library's own (WATCH, MULTI…EXEC, UNWATCH) behind the caller's.</summary>
    public void Submit(PendingCommand command)
    {
        lock (_lock)
        {
            ThrowIfClosed(command);
            _tail = RunAfterAsync(_tail, command, _timeout);
        }
    }

    /// <summary>
    /// Refuses further commands and releases a blocking command the server still holds; completes when
    /// every command already issued has its outcome.
    /// </summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            _closing.TrySetResult();
            return _tail;
        }
    }

    private async Task RunAfterAsync(Task previous, PendingCommand command, TimeSpan timeout)
    {
        // Neither task faults: RunAsync gives every command its outcome and never throws.
        await previous.ConfigureAwait(false);
        await _connection.RunAsync(command, timeout).ConfigureAwait(false);
    }

    private async Task RunBlockingAfterAsync(Task previous, PendingCommand command, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        var run = _connection.RunAsync(command, replyTimeout);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), cancelled))
        {
            await Task.WhenAny(run, cancelled.Task, _closing.Task).ConfigureAwait(false);
        }

        if (!run.IsCompleted)
        {
            await _connection.ReleaseBlockedAsync(run, _unblock!).ConfigureAwait(false);
        }

        await run.ConfigureAwait(false);
    }

    private void ThrowIfClosed(PendingCommand command)
    {
        if (_closed)
        {
            throw new InvalidOperationException(IsSession
                ? $"{command.Command.Name} was issued on a dedicated session after it was disposed; lease a new session or use the client."
                : $"{command.Command.Name} was issued on a watch context after its attempt ended; use the client, or the context passed to the current attempt.");
        }
    }
}
