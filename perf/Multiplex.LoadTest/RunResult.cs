namespace Multiplex.LoadTest;

/// <summary>What one measured run produced.</summary>
public sealed record RunResult(
    long Operations,
    TimeSpan Elapsed,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan P999,
    double AllocatedBytesPerOperation,
    int Gen0,
    int Gen1,
    int Gen2,
    TimeSpan ClientCpu)
{
    /// <summary>This process's CPU time per operation, in microseconds: steadier than ops/s on a busy machine.</summary>
    public double ClientCpuMicrosecondsPerOperation => Operations == 0 ? 0 : ClientCpu.TotalMicroseconds / Operations;

    public double OperationsPerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Server-side view of the run (INFO stats and CPU), when it was sampled.</summary>
    public ServerUsage? Server { get; init; }

    /// <summary>For pub/sub runs (whose operations are deliveries): publishers, subscribers, messages published and dropped.</summary>
    public PubSubUsage? PubSub { get; init; }
}
