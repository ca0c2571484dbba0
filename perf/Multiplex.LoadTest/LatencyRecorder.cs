using System.Collections.Concurrent;

namespace Multiplex.LoadTest;

/// <summary>
/// The latencies of one run, recorded into one histogram per thread rather than one per caller: with a
/// thousand callers, per-caller histograms spread each run's hot buckets over megabytes, and recording
/// a 100 ns cache hit then cost the load test more than the hit (12% of the client process's CPU in the
/// hot-key row, measured with perf). A thread's histogram is written by that thread only; they are
/// merged once every caller has finished.
/// </summary>
public sealed class LatencyRecorder
{
    [ThreadStatic]
    private static LatencyRecorder? _owner;

    [ThreadStatic]
    private static LatencyHistogram? _histogram;

    private readonly ConcurrentQueue<LatencyHistogram> _histograms = new();

    /// <summary>Records one latency, in <see cref="System.Diagnostics.Stopwatch"/> ticks, on this thread's histogram.</summary>
    public void Record(long ticks)
    {
        var histogram = _histogram;
        if (!ReferenceEquals(_owner, this) || histogram is null)
        {
            histogram = new LatencyHistogram();
            _histograms.Enqueue(histogram);
            _histogram = histogram;
            _owner = this;
        }

        histogram.Record(ticks);
    }

    /// <summary>Every thread's latencies together: call once the callers that record here have finished.</summary>
    public LatencyHistogram Merge()
    {
        var all = new LatencyHistogram();
        foreach (var histogram in _histograms)
        {
            all.Add(histogram);
        }

        return all;
    }
}
