using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// The encoded commands a batch or transaction holds until it is sent. Thread-safe; closed to new
/// commands once taken. A command still held when its deadline passes (the caller awaited it without
/// executing the batch, or never executed it) fails with a timeout instead of waiting forever.
/// </summary>
internal sealed class QueuedCommands
{
    private readonly string _closedMessage;
    private readonly string _description;
    private readonly bool _atomic;
    // Rented from CommandLists at the first command, returned when taken: its array's growth is paid once, not per batch.
    private List<PendingCommand>? _commands;
    private bool _watched;
    private bool _closed;

    /// <param name="closedMessage">What <see cref="ThrowIfClosed"/> says.</param>
    /// <param name="description">What the queue belongs to, for messages ("a batch").</param>
    /// <param name="atomic">
    /// Whether the commands form one MULTI/EXEC unit: none can be dropped, so a caller who leaves early is
    /// told that its command runs if the unit is sent.
    /// </param>
    public QueuedCommands(string closedMessage, string description, bool atomic)
    {
        _closedMessage = closedMessage;
        _description = description;
        _atomic = atomic;
    }

    /// <summary>Guards the queue; the owner takes it too for state that must change together with it.</summary>
    public Lock SyncRoot { get; } = new();

    /// <summary>Whether the commands were taken (the batch or transaction was sent or discarded).</summary>
    public bool IsClosed
    {
        get
        {
            lock (SyncRoot)
            {
                return _closed;
            }
        }
    }

    /// <summary>How many commands are queued.</summary>
    public int Count
    {
        get
        {
            lock (SyncRoot)
            {
                return _commands?.Count ?? 0;
            }
        }
    }

    /// <summary>Queues an encoded command; its cancellation applies from now on.</summary>
    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        lock (SyncRoot)
        {
            if (_closed)
            {
                throw new InvalidOperationException(_closedMessage);
            }

            if (_atomic)
            {
                command.JoinAtomicUnit();
            }

            command.RegisterCancellation(cancellationToken);
            (_commands ??= CommandLists.Rent()).Add(command);
            if (!_watched)
            {
                _watched = true;
                QueueExpiry.Watch(this);
            }
        }
    }

    /// <summary>Closes the queue to new commands and takes the queued ones.</summary>
    /// <param name="handOver">
    /// Give the collecting list itself (rented from <see cref="CommandLists"/>): its new owner returns it
    /// there once nothing can read it any more (a batch, after its last reply). Otherwise the commands
    /// are copied into a list of their exact count, which lives as long as its owner wants.
    /// </param>
    public List<PendingCommand> Take(bool handOver = false)
    {
        lock (SyncRoot)
        {
            _closed = true;
            if (_watched)
            {
                _watched = false;
                QueueExpiry.Forget(this);
            }

            if (_commands is not { } collected)
            {
                return [];
            }

            if (handOver)
            {
                _commands = null;
                return collected;
            }

            // The taken list lives as long as its owner; it is allocated at its exact size.
            var taken = new List<PendingCommand>(collected.Count);
            taken.AddRange(collected);
            _commands = null;
            CommandLists.Return(collected);
            return taken;
        }
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> once the commands were taken.</summary>
    public void ThrowIfClosed()
    {
        lock (SyncRoot)
        {
            if (_closed)
            {
                throw new InvalidOperationException(_closedMessage);
            }
        }
    }

    /// <summary>Times out the held commands whose deadline has passed (called by <see cref="QueueExpiry"/>).</summary>
    internal void ExpireWaiting(long now)
    {
        List<PendingCommand>? expired = null;
        lock (SyncRoot)
        {
            if (_closed || _commands is not { Count: > 0 } || _commands[0].DeadlineMilliseconds > now)
            {
                // Deadlines follow the order commands were queued in (one timeout for all), so the first is the earliest.
                return;
            }

            var waiting = false;
            foreach (var command in _commands)
            {
                if (command.DeadlineMilliseconds > now)
                {
                    waiting = true;
                    break;
                }

                if (!command.IsCallerCompleted)
                {
                    (expired ??= []).Add(command);
                }
            }

            if (!waiting)
            {
                // Every caller has its outcome: nothing to watch until another command is queued (a
                // batch that is never executed is then not kept alive by the watch).
                _watched = false;
                QueueExpiry.Forget(this);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var command in expired)
        {
            var outcome = _atomic ? CommandOutcome.Unknown : CommandOutcome.NotSent;
            var consequence = _atomic ? "it runs if the transaction is executed later" : "it is not sent if the batch is executed later";
            command.TryFail(new RedisTimeoutException(
                $"{command.Command.Name} timed out after {command.TimeoutMilliseconds} ms in {_description} that was not executed ({consequence}): " +
                "call ExecuteAsync before awaiting the commands queued on it.",
                outcome)
            { Command = command.Command.Name });
        }
    }
}
