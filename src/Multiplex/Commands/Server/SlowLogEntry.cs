namespace Multiplex;

/// <summary>One entry of SLOWLOG GET.</summary>
/// <param name="Id">The entry's unique, increasing id.</param>
/// <param name="Time">When the command ran.</param>
/// <param name="Duration">How long it ran (microsecond resolution).</param>
/// <param name="Arguments">The command and its arguments (the server may shorten long ones).</param>
/// <param name="ClientAddress">The client's address; empty on servers that omit it.</param>
/// <param name="ClientName">The client's name; empty when it had none.</param>
public sealed record SlowLogEntry(long Id, DateTimeOffset Time, TimeSpan Duration, IReadOnlyList<RedisValue> Arguments, string ClientAddress, string ClientName)
{
    internal static SlowLogEntry FromResult(RedisResult result) => new(
        (long)result[0],
        DateTimeOffset.FromUnixTimeSeconds((long)result[1]),
        TimeSpan.FromMicroseconds((long)result[2]),
        result[3].Elements.Select(argument => (RedisValue)argument).ToArray(),
        result.Count > 4 ? (string?)result[4] ?? string.Empty : string.Empty,
        result.Count > 5 ? (string?)result[5] ?? string.Empty : string.Empty);
}
