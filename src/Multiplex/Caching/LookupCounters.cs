using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Multiplex.Caching;

/// <summary>
/// A cache's hit and miss counts, kept by each thread in a cell of its own: a thread adds to its cell with a
/// plain write (it is the cell's only writer, so no count is lost), and a read sums the cells. A shared
/// <see cref="Interlocked"/> counter would move its cache line between the cores on every hit, and one
/// striped by processor still pays an interlocked add (a locked instruction, about a tenth of a hit).
/// </summary>
/// <remarks>
/// The thread's cell is found through a thread-static reference to the cell it used last, else among the
/// few it used before that (a thread turning between caches), else under the counters' lock, keyed by
/// its managed thread id. Ids are unique among live threads, so a cell has one writer at a time; a thread that ended
/// leaves its counts in its cell, and a later thread given its id carries on from them.
/// </remarks>
internal sealed class LookupCounters
{
    // How many caches' cells a thread keeps at hand besides the last one it used (a client's views of
    // other databases have caches of their own, and an application may read through several clients).
    private const int RecentCells = 4;

    [ThreadStatic]
    private static Cell? t_cell;

    [ThreadStatic]
    private static Cell?[]? t_recent;

    [ThreadStatic]
    private static int t_nextRecent;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, Cell> _byThread = [];

    /// <summary>The hits counted so far, exact once the threads counting have stopped.</summary>
    public long Hits => Sum(static cell => ref cell.Hits);

    /// <summary>The misses counted so far, exact once the threads counting have stopped.</summary>
    public long Misses => Sum(static cell => ref cell.Misses);

    /// <summary>Counts a hit in this thread's cell.</summary>
    public void Hit()
    {
        var cell = ThisThreadsCell();
        Volatile.Write(ref cell.Hits, cell.Hits + 1);
    }

    /// <summary>Counts a miss in this thread's cell.</summary>
    public void Miss()
    {
        var cell = ThisThreadsCell();
        Volatile.Write(ref cell.Misses, cell.Misses + 1);
    }

    /// <summary>This thread's cell: the one it used last when that is one of these counters', else <see cref="OwnCell"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Cell ThisThreadsCell() => t_cell is { } cell && ReferenceEquals(cell.Owner, this) ? cell : OwnCell();

    /// <summary>One count summed over the threads' cells.</summary>
    private long Sum(CountOf count)
    {
        lock (_lock)
        {
            long sum = 0;
            foreach (var cell in _byThread.Values)
            {
                sum += Volatile.Read(ref count(cell));
            }

            return sum;
        }
    }

    /// <summary>
    /// This thread's cell of these counters: among the cells it used lately, else found or made under the
    /// lock; remembered as the thread's last, the one it replaces kept among the recent.
    /// </summary>
    private Cell OwnCell()
    {
        var recent = t_recent ??= new Cell?[RecentCells];
        Cell? cell = null;
        foreach (var candidate in recent)
        {
            if (candidate is not null && ReferenceEquals(candidate.Owner, this))
            {
                cell = candidate;
                break;
            }
        }

        if (cell is null)
        {
            var thread = Environment.CurrentManagedThreadId;
            lock (_lock)
            {
                if (!_byThread.TryGetValue(thread, out cell))
                {
                    cell = new Cell(this);
                    _byThread.Add(thread, cell);
                }
            }
        }

        if (t_cell is { } last && Array.IndexOf(recent, last) < 0)
        {
            recent[t_nextRecent] = last;
            t_nextRecent = (t_nextRecent + 1) % RecentCells;
        }

        t_cell = cell;
        return cell;
    }

    private delegate ref long CountOf(Cell cell);

    // Padded to two cache lines, so that cells of threads on different cores never share one (cells of
    // different threads may end up next to each other in the heap after a compacting collection).
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private sealed class Cell(LookupCounters owner)
    {
        [FieldOffset(0)]
        public readonly LookupCounters Owner = owner;

        [FieldOffset(64)]
        public long Hits;

        [FieldOffset(72)]
        public long Misses;
    }
}
