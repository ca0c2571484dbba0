using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>Runs one workload against a connected client: warm-up, then a measured run.</summary>
public sealed class LoadRunner(RedisClient client, ServerProbe probe, TimeSpan warmup, TimeSpan maxDuration)
{
    // The progress line is redrawn at this period while a run is going.
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The key every caller uses: the same one redis-benchmark uses without -r.</summary>
    public static RedisKey KeyFor(Workload workload) => workload == Workload.Incr ? "counter:__rand_int__" : "key:__rand_int__";

    /// <summary>
    /// The keys the callers share out (caller i takes key i mod <see cref="RunSpec.Keys"/>): the one key
    /// of <see cref="KeyFor"/>, or <c>key:0</c>, <c>key:1</c>, … (<c>counter:</c>… for INCR), whose
    /// hash slots spread over a cluster's primaries.
    /// </summary>
    public static RedisKey[] KeysFor(RunSpec spec)
    {
        if (spec.Keys <= 1)
        {
            return [KeyFor(spec.Workload)];
        }

        var prefix = spec.Workload == Workload.Incr ? "counter:" : "key:";
        return [.. Enumerable.Range(0, spec.Keys).Select(index => (RedisKey)(prefix + index.ToString(CultureInfo.InvariantCulture)))];
    }

    public async Task<RunResult> RunAsync(RunSpec spec, string label)
    {
        RedisValue value = Enumerable.Repeat((byte)'x', spec.ValueSize).ToArray();
        var keys = KeysFor(spec);
        await client.SetAsync("key:__rand_int__", value);
        if (keys.Length > 1 && spec.Workload != Workload.Incr)
        {
            // Every key holds a value before the run, so each GET returns one (as with the single key).
            await Task.WhenAll(keys.Select(key => client.SetAsync(key, value).AsTask()));
        }

        var callers = new Caller[spec.Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = new Caller(client, spec, keys[i % keys.Length], value);
        }

        if (warmup > TimeSpan.Zero)
        {
            await RunCallersAsync(callers, long.MaxValue, warmup, spec, label + " warm-up");
        }

        var quota = Math.Max(1, spec.Operations / spec.Callers);
        var before = await probe.SampleAsync(spec.MeasureServer);
        var meter = ProcessCost.Start();
        var elapsed = await RunCallersAsync(callers, quota, maxDuration, spec, label);
        var cost = meter.Stop();
        var after = await probe.SampleAsync(spec.MeasureServer);

        var histogram = new LatencyHistogram();
        long operations = 0;
        foreach (var caller in callers)
        {
            histogram.Add(caller.Histogram);
            operations += caller.Completed;
        }

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

    private static async Task<TimeSpan> RunCallersAsync(Caller[] callers, long quota, TimeSpan limit, RunSpec spec, string label)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[callers.Length];
        for (var i = 0; i < callers.Length; i++)
        {
            tasks[i] = callers[i].RunAsync(quota, deadline, start.Task);
        }

        var all = Task.WhenAll(tasks);
        var started = Stopwatch.GetTimestamp();
        start.SetResult();
        var target = quota == long.MaxValue ? 0 : quota * callers.Length;
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(ProgressPeriod));
            Progress.Show(label, callers.Sum(caller => caller.Completed), target, Stopwatch.GetElapsedTime(started));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Progress.Clear();
        await all; // surfaces the first caller failure
        return elapsed;
    }
}
