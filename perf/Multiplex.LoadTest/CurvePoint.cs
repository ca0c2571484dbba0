namespace Multiplex.LoadTest;

/// <summary>
/// One point of a scaling curve: our run, StackExchange.Redis's and redis-benchmark's where they ran,
/// each the repeat with the median throughput of its own runs.
/// </summary>
public sealed record CurvePoint(RunSpec Spec, RunResult Ours, RunResult? StackExchange, BenchmarkResult? Baseline)
{
    /// <summary>The connections per node ours used (the connections curve's variable).</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Ours / StackExchange.Redis in throughput, from the two medians.</summary>
    public double? StackExchangeRatio => StackExchange is { OperationsPerSecond: > 0 } theirs ? Ours.OperationsPerSecond / theirs.OperationsPerSecond : null;

    /// <summary>Ours / redis-benchmark in throughput, from the two medians.</summary>
    public double? BaselineRatio => Baseline is { Rate: > 0 } theirs ? Ours.OperationsPerSecond / theirs.Rate : null;
}
