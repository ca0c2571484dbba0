namespace Multiplex;

/// <summary>The latest latency spike of one event, from LATENCY LATEST.</summary>
/// <param name="Name">The event, for example <c>command</c> or <c>fast-command</c>.</param>
/// <param name="Time">When the latest spike happened.</param>
/// <param name="Latest">The latest spike's duration (millisecond resolution).</param>
/// <param name="Max">The longest spike recorded for the event.</param>
public sealed record LatencyEvent(string Name, DateTimeOffset Time, TimeSpan Latest, TimeSpan Max)
{
    internal static LatencyEvent FromResult(RedisResult result) => new(
        (string?)result[0] ?? string.Empty,
        DateTimeOffset.FromUnixTimeSeconds((long)result[1]),
        TimeSpan.FromMilliseconds((long)result[2]),
        TimeSpan.FromMilliseconds((long)result[3]));
}
