using Multiplex.Connections;

namespace Multiplex.Transactions;

/// <summary>
/// The encoded commands a batch or transaction holds until it is sent. Thread-safe; closed to new
/// commands once taken.
/// </summary>
internal sealed class QueuedCommands(string closedMessage)
{
    private List<PendingCommand> _commands = [];
    private bool _closed;

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
                return _commands.Count;
            }
        }
    }

    /// <summary>Queues an encoded command; its cancellation applies from now on.</summary>
    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        lock (SyncRoot)
        {
            ThrowIfClosed();
            command.RegisterCancellation(cancellationToken);
            _commands.Add(command);
        }
    }

    /// <summary>Closes the queue to new commands and takes the queued ones.</summary>
    public List<PendingCommand> Take()
    {
        lock (SyncRoot)
        {
            _closed = true;
            var taken = _commands;
            _commands = [];
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
                throw new InvalidOperationException(closedMessage);
            }
        }
    }
}
