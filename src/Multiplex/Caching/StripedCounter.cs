namespace Multiplex.Caching;

/// <summary>
/// A counter that many threads add to at once without sharing a cache line: each adds to the cell of the
/// processor it runs on, and a read sums the cells. A single shared <see cref="Interlocked"/> counter
/// would move its cache line between the cores on every cache hit.
/// </summary>
internal sealed class StripedCounter
{
    // Cells this many longs apart sit on different cache lines (128 bytes covers adjacent-line prefetch).
    private const int Stride = 16;

    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        var stripes = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        _mask = stripes - 1;
        _cells = new long[(stripes + 1) * Stride];
    }

    /// <summary>The sum of the cells; exact once the adders have stopped.</summary>
    public long Value
    {
        get
        {
            long sum = 0;
            for (var i = 0; i <= _mask; i++)
            {
                sum += Interlocked.Read(ref _cells[(i + 1) * Stride]);
            }

            return sum;
        }
    }

    /// <summary>Adds one, in the cell of the processor the thread runs on (the first cell is left empty as padding).</summary>
    public void Increment() => Interlocked.Increment(ref _cells[((Thread.GetCurrentProcessorId() & _mask) + 1) * Stride]);
}
