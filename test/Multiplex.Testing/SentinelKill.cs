using System.Diagnostics;

namespace Multiplex.Testing;

/// <summary>
/// A primary <see cref="RedisSentinelGroup.KillPrimaryAsync"/> killed with SIGKILL, for
/// <see cref="RedisSentinelGroup.WaitForPromotionAsync"/>. It carries the <c>+switch-master</c>
/// subscriptions opened before the kill; waiting for the promotion closes them (the group closes them
/// on dispose when nobody waits).
/// </summary>
public sealed class SentinelKill
{
    internal SentinelKill(RedisServer server, long killedAt, SentinelWatch watch)
    {
        Server = server;
        KilledAt = killedAt;
        Watch = watch;
    }

    /// <summary>The killed server; <see cref="RedisSentinelGroup.RestartAsync"/> brings it back as a replica.</summary>
    public RedisServer Server { get; }

    /// <summary>When the signal was sent (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long KilledAt { get; }

    internal SentinelWatch Watch { get; }
}
