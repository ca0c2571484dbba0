namespace Multiplex.LoadTest;

/// <summary>
/// One simulated caller of either client (<see cref="Caller"/> for ours, <see cref="StackExchangeCaller"/>
/// for StackExchange.Redis): the measurement drives both the same way.
/// </summary>
public interface ILoadCaller
{
    /// <summary>Operations done so far in the current run (read by the progress line while the caller runs).</summary>
    public long Completed { get; }

    /// <summary>
    /// Waits for <paramref name="start"/>, then runs until <paramref name="quota"/> operations are done or
    /// the deadline passes, recording each operation's latency in <paramref name="latencies"/>.
    /// </summary>
    public Task RunAsync(long quota, long deadlineTimestamp, Task start, LatencyRecorder latencies);
}
