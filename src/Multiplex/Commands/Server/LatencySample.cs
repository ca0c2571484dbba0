namespace Multiplex;

/// <summary>One latency spike from LATENCY HISTORY.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Latency">How long it took (millisecond resolution).</param>
public sealed record LatencySample(DateTimeOffset Time, TimeSpan Latency)
{
    internal static LatencySample FromResult(RedisResult result) =>
        new(DateTimeOffset.FromUnixTimeSeconds((long)result[0]), TimeSpan.FromMilliseconds((long)result[1]));
}
