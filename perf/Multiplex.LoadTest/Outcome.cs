namespace Multiplex.LoadTest;

/// <summary>A suite entry's result: our run and redis-benchmark's, the repeat with the median ratio.</summary>
public sealed record Outcome(RunSpec Spec, RunResult? Ours, BenchmarkResult? Baseline, IReadOnlyList<double> Ratios)
{
    /// <summary>Why there is no result (or, with a result, why there is no redis-benchmark figure).</summary>
    public string? Note { get; init; }

    public double? BaselineRate => Baseline?.Rate;

    public ServerUsage? BaselineServer => Baseline?.Server;

    public double? Ratio => Ours is not null && BaselineRate is > 0 ? Ours.OperationsPerSecond / BaselineRate : null;
}
