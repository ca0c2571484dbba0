namespace Multiplex.Connections;

/// <summary>
/// The commands written to one physical connection and not yet answered, oldest first. Only the
/// writer loop adds (in the same step as it commits the frame to the pipe) and only the reader loop
/// removes, so replies match commands by position (ARCHITECTURE.md, invariant 1). The lock is held
/// for a few instructions at a time; the timeout sweep also takes it to look at deadlines.
/// </summary>
/// <remarks>
/// The queue is bounded (the writer stops at the limit and waits for replies to make room), and the
/// sweep looks at the commands only when the earliest deadline among them can have passed, so an idle
/// or healthy connection costs the sweep nothing per command (ARCHITECTURE.md, invariant 5).
/// </remarks>
internal sealed class InFlightQueue
{
    private const int InitialCapacity = 64;

    private readonly Lock _lock = new();
    private PendingCommand?[] _items = new PendingCommand?[InitialCapacity];
    private int _head;
    private int _count;
    private bool _closed;

    // No command in the queue whose caller still waits has a deadline before this (a lower bound: the
    // command that set it may have been answered since).
    private long _earliestDeadline = long.MaxValue;
    private long _examined;
    private TaskCompletionSource? _roomWaiter;
    private int _roomLimit;

    /// <summary>
    /// <see cref="Count"/> read without the lock: exact at some recent moment, for decisions that only
    /// need an estimate.
    /// </summary>
    public int ApproximateCount => Volatile.Read(ref _count);

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

    /// <summary>How many commands the sweeps have looked at in all (a measure of their cost).</summary>
    public long ExaminedBySweeps => Interlocked.Read(ref _examined);

    /// <summary>Adds a command about to be committed; false once the queue is closed (connection torn down).</summary>
    public bool TryEnqueue(PendingCommand command) => TryEnqueue(command, int.MaxValue) == EnqueueResult.Added;

    /// <summary>
    /// Adds a command about to be committed, unless the queue already holds <paramref name="limit"/>
    /// commands (<see cref="EnqueueResult.Full"/>) or is closed (<see cref="EnqueueResult.Closed"/>).
    /// </summary>
    public EnqueueResult TryEnqueue(PendingCommand command, int limit)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return EnqueueResult.Closed;
            }

            if (_count >= limit)
            {
                return EnqueueResult.Full;
            }

            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_head + _count) % _items.Length] = command;
            _count++;
            _earliestDeadline = Math.Min(_earliestDeadline, command.DeadlineMilliseconds);
            return EnqueueResult.Added;
        }
    }

    /// <summary>Completes when the queue holds fewer than <paramref name="limit"/> commands, or is closed.</summary>
    public Task WaitForRoomAsync(int limit)
    {
        lock (_lock)
        {
            if (_closed || _count < limit)
            {
                return Task.CompletedTask;
            }

            _roomLimit = limit;
            return (_roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
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
            if (now >= _earliestDeadline)
            {
                // Something can have expired: time out what has, and find the next deadline among the
                // commands whose callers still wait.
                var earliest = long.MaxValue;
                for (var i = 0; i < _count; i++)
                {
                    var command = _items[(_head + i) % _items.Length]!;
                    command.TryTimeOut(now);
                    if (!command.IsCallerCompleted)
                    {
                        earliest = Math.Min(earliest, command.DeadlineMilliseconds);
                    }
                }

                _examined += _count;
                _earliestDeadline = earliest;
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

            _roomWaiter?.TrySetResult();
            _roomWaiter = null;
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
        if (_count == 0)
        {
            _earliestDeadline = long.MaxValue;
        }

        if (_roomWaiter is { } waiter && _count < _roomLimit)
        {
            _roomWaiter = null;
            waiter.TrySetResult();
        }

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
