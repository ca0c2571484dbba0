namespace Multiplex.LoadTest;

/// <summary>A suite entry's result: our run and redis-benchmark's, the repeat with the median ratio.</summary>
public sealed record Outcome(RunSpec Spec, RunResult? Ours, BenchmarkResult? Baseline, IReadOnlyList<double> Ratios)
{
    /// <summary>Why there is no result (or, with a result, why there is no redis-benchmark figure).</summary>
    public string? Note { get; init; }

    /// <summary>
    /// For the cache-on run of a client cache pair: each repeat's throughput over the cache-off run made
    /// just before it (empty otherwise).
    /// </summary>
    public IReadOnlyList<double> PairRatios { get; init; } = [];

    /// <summary>StackExchange.Redis beside ours, from the repeat with the median ours / StackExchange.Redis ratio; null when it did not run.</summary>
    public StackExchangeComparison? StackExchange { get; init; }

    public double? BaselineRate => Baseline?.Rate;

    public ServerUsage? BaselineServer => Baseline?.Server;

    public double? Ratio => Ours is not null && BaselineRate is > 0 ? Ours.OperationsPerSecond / BaselineRate : null;
}

/// <summary>
/// One repeat's run of StackExchange.Redis with our run of the same repeat (so the ratio compares runs
/// made one after the other), and the ratios every repeat gave.
/// </summary>
public sealed record StackExchangeComparison(RunResult Ours, RunResult? Theirs, IReadOnlyList<double> Ratios)
{
    /// <summary>Why there is no StackExchange.Redis result.</summary>
    public string? Note { get; init; }

    public double? Ratio => Theirs is { OperationsPerSecond: > 0 } theirs ? Ours.OperationsPerSecond / theirs.OperationsPerSecond : null;
}
