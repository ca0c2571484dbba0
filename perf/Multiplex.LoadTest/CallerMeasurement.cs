using System.Diagnostics;

namespace Multiplex.LoadTest;

/// <summary>
/// Warm-up, then one measured run of a set of callers, whichever client they drive: throughput,
/// latencies, this process's allocations, collections and CPU, and the server's view when asked.
/// </summary>
public static class CallerMeasurement
{
    // The progress line is redrawn at this period while a run is going.
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Warms up for <paramref name="warmup"/>, then runs <see cref="RunSpec.Operations"/> operations shared
    /// out over the callers, stopping after <paramref name="maxDuration"/> if they are not done.
    /// </summary>
    public static async Task<RunResult> RunAsync(
        IReadOnlyList<ILoadCaller> callers, RunSpec spec, string label, ServerProbe probe, TimeSpan warmup, TimeSpan maxDuration)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunCallersAsync(callers, long.MaxValue, warmup, label + " warm-up");
        }

        var quota = Math.Max(1, spec.Operations / callers.Count);
        var before = await probe.SampleAsync(spec.MeasureServer);
        var meter = ProcessCost.Start();
        var (elapsed, latencies) = await RunCallersAsync(callers, quota, maxDuration, label);
        var cost = meter.Stop();
        var after = await probe.SampleAsync(spec.MeasureServer);
        var operations = callers.Sum(caller => caller.Completed);
        var histogram = latencies.Merge(); // after the meter: merging allocates

        return new RunResult(
            operations,
            elapsed,
            histogram.Percentile(0.50),
            histogram.Percentile(0.99),
            histogram.Percentile(0.999),
            operations == 0 ? 0 : cost.AllocatedBytes / (double)operations,
            cost.Gen0,
            cost.Gen1,
            cost.Gen2,
            cost.Cpu)
        {
            Server = ServerUsage.Between(before, after),
        };
    }

    private static async Task<(TimeSpan Elapsed, LatencyRecorder Latencies)> RunCallersAsync(IReadOnlyList<ILoadCaller> callers, long quota, TimeSpan limit, string label)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var latencies = new LatencyRecorder();
        var tasks = new Task[callers.Count];
        for (var i = 0; i < callers.Count; i++)
        {
            tasks[i] = callers[i].RunAsync(quota, deadline, start.Task, latencies);
        }

        var all = Task.WhenAll(tasks);
        var started = Stopwatch.GetTimestamp();
        start.SetResult();
        var target = quota == long.MaxValue ? 0 : quota * callers.Count;
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(ProgressPeriod));
            Progress.Show(label, callers.Sum(caller => caller.Completed), target, Stopwatch.GetElapsedTime(started));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Progress.Clear();
        await all; // surfaces the first caller failure
        return (elapsed, latencies);
    }
}
