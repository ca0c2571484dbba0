namespace Multiplex.LoadTest;

/// <summary>What this process spent during one measured phase: CPU time, bytes allocated, collections.</summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>Collects garbage left by earlier phases, then starts counting.</summary>
    public static Meter Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new Meter(Current());
    }

    private static ProcessCost Current() => new(
        Environment.CpuUsage.TotalTime,
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    /// <summary>The counters at the start of a phase.</summary>
    public readonly struct Meter(ProcessCost start)
    {
        /// <summary>What was spent since <see cref="Start"/>.</summary>
        public ProcessCost Stop()
        {
            var now = Current();
            return new ProcessCost(
                now.Cpu - start.Cpu,
                now.AllocatedBytes - start.AllocatedBytes,
                now.Gen0 - start.Gen0,
                now.Gen1 - start.Gen1,
                now.Gen2 - start.Gen2);
        }
    }
}
