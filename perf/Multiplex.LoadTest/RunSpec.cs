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

    /// <summary>Whether the run goes to the throwaway 3-primary cluster instead of the standalone server.</summary>
    public bool OnCluster { get; init; }

    /// <summary>
    /// Distinct keys the callers share out, caller i taking key i mod Keys: 1 is the one key
    /// redis-benchmark uses without -r; more spread the callers over a cluster's slots.
    /// </summary>
    public int Keys { get; init; } = 1;

    /// <summary>Whether our client runs with the client-side cache on (<see cref="RedisClientOptions.ClientCache"/>, defaults).</summary>
    public bool ClientCache { get; init; }

    /// <summary>Percent of the hot-key workload's reads that go to a hot key (<see cref="Workload.HotKeys"/> only).</summary>
    public int HotPercent { get; init; } = HotKeySet.DefaultHotPercent;

    /// <summary>Subscribers of the pub/sub channel (pub/sub only).</summary>
    public int Subscribers { get; init; }

    /// <summary>Each subscription's buffer, in messages (pub/sub only).</summary>
    public int SubscriberCapacity { get; init; } = SubscriptionOptions.Default.Capacity;
}

/// <summary>A redis-benchmark workload: tests (get, set, incr), clients and pipeline depth.</summary>
public sealed record BenchmarkSpec(string Tests, int Clients, int Pipeline, long Requests)
{
    /// <summary>Whether redis-benchmark runs with --cluster: its clients spread over the primaries, each with a key of its node's slots.</summary>
    public bool Cluster { get; init; }

    public override string ToString() => Cluster ? $"--cluster -t {Tests} -c {Clients} -P {Pipeline}" : $"-t {Tests} -c {Clients} -P {Pipeline}";
}
