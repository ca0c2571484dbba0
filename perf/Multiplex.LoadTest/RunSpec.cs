namespace Multiplex.LoadTest;

/// <summary>
/// One measured run: the workload, its shape and its bounds. For <see cref="Workload.PubSub"/>,
/// <see cref="Callers"/> is the number of publishers and <see cref="Operations"/> the messages they publish.
/// </summary>
public sealed record RunSpec(string Name, Workload Workload, int Callers, long Operations, int BatchSize, int ValueSize)
{
    /// <summary>The redis-benchmark invocation this run is compared with, or null when there is none.</summary>
    public BenchmarkSpec? Baseline { get; init; }

    /// <summary>Whether to sample INFO stats and server CPU around the run.</summary>
    public bool MeasureServer { get; init; }

    /// <summary>Subscribers of the pub/sub channel (pub/sub only).</summary>
    public int Subscribers { get; init; }

    /// <summary>Each subscription's buffer, in messages (pub/sub only).</summary>
    public int SubscriberCapacity { get; init; } = SubscriptionOptions.Default.Capacity;
}

/// <summary>A redis-benchmark workload: tests (get, set, incr), clients and pipeline depth.</summary>
public sealed record BenchmarkSpec(string Tests, int Clients, int Pipeline, long Requests)
{
    public override string ToString() => $"-t {Tests} -c {Clients} -P {Pipeline}";
}
