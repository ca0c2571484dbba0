using System.Diagnostics;

namespace Multiplex.Testing;

/// <summary>
/// How a primary was replaced, by <see cref="RedisCluster.FailoverAsync"/> or
/// <see cref="RedisCluster.WaitForPromotionAsync"/>. Moments are <see cref="Stopwatch.GetTimestamp"/>
/// values, to compare with the test's own, e.g. <c>Stopwatch.GetElapsedTime(SentAt, firstWriteAt)</c>.
/// </summary>
/// <param name="NewPrimary">The replica that became primary.</param>
/// <param name="OldPrimary">The primary it replaced (a replica after a manual failover; killed after a kill).</param>
/// <param name="SentAt">When CLUSTER FAILOVER was sent, or the SIGKILL.</param>
/// <param name="MarkedFailedAt">After a kill, when a survivor was first seen flagging the killed node <c>fail</c>; null for a manual failover.</param>
/// <param name="PromotedAt">When the new primary was first seen calling itself primary.</param>
public sealed record ClusterFailover(RedisServer NewPrimary, RedisServer OldPrimary, long SentAt, long? MarkedFailedAt, long PromotedAt)
{
    /// <summary>From <see cref="SentAt"/> to <see cref="PromotedAt"/>.</summary>
    public TimeSpan TimeToPromotion => Stopwatch.GetElapsedTime(SentAt, PromotedAt);
}
