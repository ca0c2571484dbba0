using System.Diagnostics;
using System.Numerics;

namespace Multiplex.LoadTest;

/// <summary>
/// A log-linear histogram of <see cref="Stopwatch"/> ticks: exact below 64 ticks, then 32 linear
/// sub-buckets per power of two (about 3% resolution). Recording never allocates and is not thread-safe:
/// each thread records into its own (<see cref="LatencyRecorder"/>), each subscriber into its own.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int ExactLimit = 2 * SubBucketCount;

    // Exact buckets, then 32 per power of two from 2^6 up to 2^62.
    private const int BucketCount = ExactLimit + ((62 - 6 + 1) * SubBucketCount);

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public void Record(long ticks)
    {
        _counts[IndexOf(Math.Max(ticks, 0))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the recorded values fall.</summary>
    public TimeSpan Percentile(double quantile)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromSeconds(UpperBoundOf(i) / (double)Stopwatch.Frequency);
            }
        }

        return TimeSpan.FromSeconds(UpperBoundOf(BucketCount - 1) / (double)Stopwatch.Frequency);
    }

    private static int IndexOf(long ticks)
    {
        if (ticks < ExactLimit)
        {
            return (int)ticks;
        }

        var exponent = BitOperations.Log2((ulong)ticks); // 6..62
        var shift = exponent - SubBucketBits;
        var mantissa = (int)(ticks >> shift) - SubBucketCount; // 0..31
        return ExactLimit + ((exponent - 6) * SubBucketCount) + mantissa;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var exponent = ((index - ExactLimit) / SubBucketCount) + 6;
        var mantissa = ((index - ExactLimit) % SubBucketCount) + SubBucketCount;
        var shift = exponent - SubBucketBits;
        return ((long)(mantissa + 1) << shift) - 1;
    }
}
