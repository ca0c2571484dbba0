namespace Multiplex.Connections;

/// <summary>
/// The commands written to one physical connection and not yet answered, oldest first. Only the
/// writer loop adds (in the same step as it commits the frame to the pipe) and only the reader loop
/// removes, so replies match commands by position (ARCHITECTURE.md, invariant 1). The lock is held
/// for a few instructions at a time; the timeout sweep also takes it to look at deadlines.
/// </summary>
internal sealed class InFlightQueue
{
    private const int InitialCapacity = 64;

    private readonly Lock _lock = new();
    private PendingCommand?[] _items = new PendingCommand?[InitialCapacity];
    private int _head;
    private int _count;
    private bool _closed;

    /// <summary>The number of commands waiting for a reply.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds a command about to be committed; false once the queue is closed (connection torn down).</summary>
    public bool TryEnqueue(PendingCommand command)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_head + _count) % _items.Length] = command;
            _count++;
            return true;
        }
    }

    /// <summary>The oldest command, the one the next reply belongs to, without taking it.</summary>
    public bool TryPeek(out PendingCommand command)
    {
        lock (_lock)
        {
            command = _count == 0 ? null! : _items[_head]!;
            return _count != 0;
        }
    }

    /// <summary>
    /// The oldest command, the one the next reply belongs to, in one step: a command answered by one
    /// reply is taken out (<paramref name="taken"/> true); one that takes several replies
    /// (<see cref="PendingCommand.TakesSeveralReplies"/>) stays at the head until <see cref="TryDequeue"/>.
    /// </summary>
    public bool TryTakeHead(out PendingCommand command, out bool taken)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                command = null!;
                taken = false;
                return false;
            }

            command = _items[_head]!;
            taken = !command.TakesSeveralReplies;
            if (taken)
            {
                RemoveHead();
            }

            return true;
        }
    }

    /// <summary>Takes the oldest command, the one the next reply belongs to.</summary>
    public bool TryDequeue(out PendingCommand command)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                command = null!;
                return false;
            }

            command = RemoveHead();
            return true;
        }
    }

    /// <summary>
    /// Times out every caller whose deadline has passed (their slots stay, as tombstones) and describes
    /// the oldest command, or returns null when the queue is empty. The description is read under the
    /// lock: once it is released, the command may be answered and recycled.
    /// </summary>
    public OldestCommand? SweepTimeouts(long now)
    {
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                _items[(_head + i) % _items.Length]!.TryTimeOut(now);
            }

            if (_count == 0)
            {
                return null;
            }

            var oldest = _items[_head]!;
            return new OldestCommand(oldest.Command.Name, oldest.WrittenAtMilliseconds, oldest.TimeoutMilliseconds);
        }
    }

    /// <summary>The oldest command, if any, without removing it.</summary>
    public PendingCommand? PeekOldest()
    {
        lock (_lock)
        {
            return _count == 0 ? null : _items[_head];
        }
    }

    /// <summary>Closes the queue and hands back everything still in it, oldest first.</summary>
    public List<PendingCommand> CloseAndDrain()
    {
        lock (_lock)
        {
            _closed = true;
            var drained = new List<PendingCommand>(_count);
            while (_count > 0)
            {
                drained.Add(RemoveHead());
            }

            return drained;
        }
    }

    /// <summary>Removes and returns the oldest command; the caller holds the lock and knows there is one.</summary>
    private PendingCommand RemoveHead()
    {
        var command = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        _count--;
        return command;
    }

    private void Grow()
    {
        var larger = new PendingCommand?[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }

        _items = larger;
        _head = 0;
    }
}
