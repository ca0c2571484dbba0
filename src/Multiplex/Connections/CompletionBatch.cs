using System.Diagnostics;

namespace Multiplex.Connections;

/// <summary>
/// The callers answered by one read of a connection, whose continuations run on one thread-pool work
/// item, in reply order, instead of one work item per caller (on two when they are slow: see
/// <see cref="HelperAfterMicroseconds"/>). The reader loop publishes every result of
/// the read first (so a continuation that blocks on another command of the same read finds it complete)
/// and then queues the batch; continuations never run on the reader loop itself.
/// </summary>
/// <remarks>
/// A continuation that blocks (a caller waiting synchronously for something another continuation of the
/// batch would release) must not hold up the rest: the batches being run are watched every
/// <see cref="WatchPeriodMilliseconds"/>, and one that has made no progress since the previous look gets
/// another runner, which takes the next continuation (runners claim continuations one at a time).
/// </remarks>
internal sealed class CompletionBatch : IThreadPoolWorkItem
{
    private const int WatchPeriodMilliseconds = 10;
    private const int InitialCapacity = 64;

    // A batch whose continuations take long (callers doing real work between commands: a cache hit after
    // another) gets one helper runner, so the rest of its continuations run on two threads: looked at
    // after every HelperCheckEvery continuations, when at least that many remain and more than
    // HelperAfterMicroseconds have passed since the batch started (about 1 µs per continuation at the
    // first look; a GET's continuation that sends the next GET takes less). Measured with the load test:
    // the 1,000-caller hot-key row with the client cache on gained 7-10% (medians of 5 interleaved runs),
    // the same row with the cache off was unchanged within its noise; helpers for every long batch, or at
    // 8 µs, cost the cache-off row 5%.
    private const int HelperCheckEvery = 16;
    private const int HelperAfterMicroseconds = 16;
    private static readonly long HelperAfterTicks = Stopwatch.Frequency * HelperAfterMicroseconds / 1_000_000;

    // Batches are reused; a few per connection are in use at a time.
    private const int MaxPooled = 256;

    // Room for the batches being run at once; beyond it a batch runs each continuation as its own work
    // item (the behaviour without batching), so nothing depends on the watch having room.
    private const int WatchSlots = 128;

    private static readonly System.Collections.Concurrent.ConcurrentQueue<CompletionBatch> Pool = new();
    private static readonly CompletionBatch?[] Running = new CompletionBatch?[WatchSlots];
    private static int _pooledCount;
    private static Timer? _watch;

    [ThreadStatic]
    private static CompletionBatch? _collecting;

    [ThreadStatic]
    private static bool _moreFollow;

    private PendingCommand[] _items = new PendingCommand[InitialCapacity];
    private int _count;
    private int _next;
    private int _runners;
    private int _slot = -1;
    private int _seenAtLastWatch = -1;
    private int _spareQueued;
    private int _watchClaimed;  // set by the first runner; later ones neither watch nor time the batch
    private int _helperQueued;
    private long _startedAt;

    private CompletionBatch()
    {
    }

    /// <summary>The batch collecting completions on this thread (the reader loop, during one read), or null.</summary>
    public static CompletionBatch? Collecting => _collecting;

    /// <summary>
    /// Whether this thread is running a batch's continuation that other continuations of the batch follow
    /// (a caller resumed here should leave its next command to the writer loop, which writes it with the
    /// others, rather than write and send it alone).
    /// </summary>
    public static bool MoreFollow => _moreFollow;

    /// <summary>Starts collecting the completions of this thread until <see cref="Dispatch"/>.</summary>
    public static CompletionBatch Begin()
    {
        if (!Pool.TryDequeue(out var batch))
        {
            batch = new CompletionBatch();
        }
        else
        {
            Interlocked.Decrement(ref _pooledCount);
        }

        _collecting = batch;
        return batch;
    }

    /// <summary>
    /// Adds a command whose result is published and whose caller's continuation is waiting to run. The
    /// command is held (<see cref="PendingCommand.RunCompletion"/> lets go of it).
    /// </summary>
    public void Add(PendingCommand command)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = command;
    }

    /// <summary>Stops collecting on this thread and queues the continuations collected (or recycles an empty batch).</summary>
    public void Dispatch()
    {
        _collecting = null;
        if (_count == 0)
        {
            Recycle();
            return;
        }

        _runners = 1;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    /// <inheritdoc />
    public void Execute()
    {
        Volatile.Write(ref _spareQueued, 0);
        if (Interlocked.Exchange(ref _watchClaimed, 1) != 0)
        {
            // A helper or the watch's spare runner: the first runner put the batch on the watch (or,
            // without room there, is queueing the continuations one by one).
            RunRemaining(inline: true);
            return;
        }

        _startedAt = Stopwatch.GetTimestamp();
        // Without room on the watch, each remaining continuation gets a work item of its own.
        RunRemaining(inline: Volatile.Read(ref _slot) >= 0 || TryWatch());
    }

    /// <summary>Claims continuations one at a time and runs them (or queues each as its own work item), then finishes.</summary>
    private void RunRemaining(bool inline)
    {
        while (true)
        {
            var index = Interlocked.Increment(ref _next) - 1;
            if (index >= _count)
            {
                break;
            }

            if (inline && index % HelperCheckEvery == HelperCheckEvery - 1 && _count - index > HelperCheckEvery)
            {
                MaybeQueueHelper();
            }

            var command = _items[index];
            _items[index] = null!;
            _moreFollow = inline && index < _count - 1;
            command.RunCompletion(inline);
        }

        _moreFollow = false;
        Finish();
    }

    /// <summary>Queues the batch's one helper runner when its continuations have been slow so far.</summary>
    private void MaybeQueueHelper()
    {
        if (Volatile.Read(ref _helperQueued) != 0 || Stopwatch.GetTimestamp() - _startedAt <= HelperAfterTicks
            || Interlocked.CompareExchange(ref _helperQueued, 1, 0) != 0)
        {
            return;
        }

        // Counted before it is queued (as the watch does), so the batch cannot be recycled under the helper.
        Interlocked.Increment(ref _runners);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>A runner is done; the last one takes the batch off the watch and recycles it.</summary>
    private void Finish()
    {
        if (Interlocked.Decrement(ref _runners) != 0)
        {
            return;
        }

        if (_slot >= 0)
        {
            Volatile.Write(ref Running[_slot], null);
            _slot = -1;
        }

        Recycle();
    }

    private bool TryWatch()
    {
        EnsureWatch();
        var start = Environment.CurrentManagedThreadId % WatchSlots;
        for (var i = 0; i < WatchSlots; i++)
        {
            var slot = (start + i) % WatchSlots;
            if (Volatile.Read(ref Running[slot]) is null && Interlocked.CompareExchange(ref Running[slot], this, null) is null)
            {
                _slot = slot;
                return true;
            }
        }

        return false;
    }

    private static void EnsureWatch()
    {
        if (Volatile.Read(ref _watch) is not null)
        {
            return;
        }

        var timer = BackgroundWork.Timer(static _ => WatchRunning(), null, Timeout.Infinite, Timeout.Infinite);
        if (Interlocked.CompareExchange(ref _watch, timer, null) is null)
        {
            timer.Change(WatchPeriodMilliseconds, WatchPeriodMilliseconds);
        }
        else
        {
            timer.Dispose();
        }
    }

    /// <summary>Gives a batch that made no progress since the previous look another runner.</summary>
    private static void WatchRunning()
    {
        for (var i = 0; i < WatchSlots; i++)
        {
            if (Volatile.Read(ref Running[i]) is not { } batch)
            {
                continue;
            }

            var next = Volatile.Read(ref batch._next);
            var stalled = next == batch._seenAtLastWatch && next < batch._count;
            batch._seenAtLastWatch = next;
            if (stalled && Interlocked.CompareExchange(ref batch._spareQueued, 1, 0) == 0)
            {
                // Counted before it is queued, so the batch cannot be recycled under the new runner.
                Interlocked.Increment(ref batch._runners);
                if (Volatile.Read(ref Running[i]) == batch)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
                }
                else
                {
                    Interlocked.Decrement(ref batch._runners);
                }
            }
        }
    }

    private void Recycle()
    {
        _watchClaimed = 0;
        _helperQueued = 0;
        _count = 0;
        _next = 0;
        _seenAtLastWatch = -1;
        if (_items.Length > InitialCapacity * 16)
        {
            _items = new PendingCommand[InitialCapacity];
        }

        if (Interlocked.Increment(ref _pooledCount) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooledCount);
        }
    }
}
