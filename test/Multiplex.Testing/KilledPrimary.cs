using System.Diagnostics;

namespace Multiplex.Testing;

/// <summary>A primary <see cref="RedisCluster.KillPrimaryAsync"/> killed with SIGKILL, for <see cref="RedisCluster.WaitForPromotionAsync"/>.</summary>
/// <param name="Node">The killed node; <see cref="RedisCluster.RestartAsync"/> brings it back.</param>
/// <param name="NodeId">Its cluster id.</param>
/// <param name="Replicas">Its replicas when it was killed, one of which the cluster promotes.</param>
/// <param name="KilledAt">When the signal was sent (<see cref="Stopwatch.GetTimestamp"/>).</param>
public sealed record KilledPrimary(RedisServer Node, string NodeId, IReadOnlyList<RedisServer> Replicas, long KilledAt);
