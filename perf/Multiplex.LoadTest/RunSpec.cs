namespace Multiplex.LoadTest;

/// <summary>One measured run: the workload, its shape and its bounds.</summary>
public sealed record RunSpec(string Name, Workload Workload, int Callers, long Operations, int BatchSize, int ValueSize)
{
    /// <summary>The redis-benchmark invocation this run is compared with, or null when there is none.</summary>
    public BenchmarkSpec? Baseline { get; init; }

    /// <summary>Whether to sample INFO stats and server CPU around the run.</summary>
    public bool MeasureServer { get; init; }
}

/// <summary>A redis-benchmark workload: tests (get, set, incr), clients and pipeline depth.</summary>
public sealed record BenchmarkSpec(string Tests, int Clients, int Pipeline, long Requests)
{
    public override string ToString() => $"-t {Tests} -c {Clients} -P {Pipeline}";
}
