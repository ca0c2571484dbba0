using System.Diagnostics;

namespace Multiplex.Testing;

/// <summary>
/// How the sentinels replaced the primary, after <see cref="RedisSentinelGroup.FailoverAsync"/> or
/// <see cref="RedisSentinelGroup.WaitForPromotionAsync"/>. Moments are <see cref="Stopwatch.GetTimestamp"/>
/// values, to compare with the test's own, e.g. <c>Stopwatch.GetElapsedTime(SentAt, firstWriteAt)</c>.
/// </summary>
/// <param name="NewPrimary">The replica the sentinels promoted.</param>
/// <param name="OldPrimary">The primary it replaced (a replica of the new one after a manual failover; killed after a kill).</param>
/// <param name="SentAt">When <c>SENTINEL FAILOVER</c> was sent, or the SIGKILL.</param>
/// <param name="PromotedAt">When the new primary was first seen answering ROLE with <c>master</c> (polled every 10 ms).</param>
/// <param name="SwitchAnnouncedAt">
/// When the first <c>+switch-master</c> naming the new primary arrived on the subscriptions opened
/// before <see cref="SentAt"/>; null when none arrived by the time every sentinel named the new primary
/// (plus a grace of two seconds).
/// </param>
public sealed record SentinelFailover(RedisServer NewPrimary, RedisServer OldPrimary, long SentAt, long PromotedAt, long? SwitchAnnouncedAt)
{
    /// <summary>From <see cref="SentAt"/> to <see cref="PromotedAt"/>.</summary>
    public TimeSpan TimeToPromotion => Stopwatch.GetElapsedTime(SentAt, PromotedAt);

    /// <summary>From <see cref="SentAt"/> to <see cref="SwitchAnnouncedAt"/>, or null without an announcement.</summary>
    public TimeSpan? TimeToAnnouncement => SwitchAnnouncedAt is { } announcedAt ? Stopwatch.GetElapsedTime(SentAt, announcedAt) : null;
}
