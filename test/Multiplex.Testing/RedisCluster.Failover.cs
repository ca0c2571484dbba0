using System.Diagnostics;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Replacing primaries: a manual <c>CLUSTER FAILOVER</c>, and a SIGKILL followed by the automatic
/// failover (failure detection after the node timeout, then a replica's election) and a restart that
/// brings the killed node back as a replica. Moments are <see cref="Stopwatch.GetTimestamp"/> values.
/// Spec: https://redis.io/docs/latest/commands/cluster-failover/ and the cluster specification's
/// "Failure detection" and "Replica election and promotion".
/// </summary>
public sealed partial class RedisCluster
{
    // The recorded moments are at most one interval late; a poll is one round trip per node.
    private static readonly TimeSpan FailoverPollInterval = TimeSpan.FromMilliseconds(10);

    // A manual failover takes milliseconds; an automatic one the node timeout plus an election.
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends <c>CLUSTER FAILOVER</c> to <paramref name="replica"/> and waits until it reports the master
    /// role and its old primary the slave role (ROLE, polled every 10 ms) and every node agrees; refreshes the roles.
    /// </summary>
    public async Task<ClusterFailover> FailoverAsync(RedisServer replica, CancellationToken cancellationToken = default)
    {
        var primaryId = (await ViewAsync(replica, cancellationToken)).Myself.PrimaryId
            ?? throw new InvalidOperationException($"{replica.Name} is not a replica.");
        var oldPrimary = ServerById(primaryId);
        var sentAt = Stopwatch.GetTimestamp();
        await AdminOf(replica).CommandAsync(["CLUSTER", "FAILOVER"], cancellationToken);
        long? promotedAt = null;
        await Poll.UntilAsync($"failover to {replica.Name}", async () =>
        {
            if (promotedAt is null)
            {
                if (await RoleAsync(replica, cancellationToken) != "master")
                {
                    return $"{replica.Name} is not primary yet";
                }

                promotedAt = Stopwatch.GetTimestamp();
            }

            return await RoleAsync(oldPrimary, cancellationToken) == "slave" ? null : $"{oldPrimary.Name} is still primary";
        }, FailoverTimeout, FailoverPollInterval, Nodes, cancellationToken);
        await WaitForAgreedRolesAsync(cancellationToken);
        await RefreshRolesAsync(cancellationToken);
        return new ClusterFailover(replica, oldPrimary, sentAt, MarkedFailedAt: null, promotedAt ?? throw new UnreachableException());
    }

    /// <summary>
    /// Kills <paramref name="primary"/> with SIGKILL (its directory and nodes.conf stay for
    /// <see cref="RestartAsync"/>) and returns it with its replicas, as it listed them, and the moment of the kill.
    /// </summary>
    public async Task<KilledPrimary> KillPrimaryAsync(RedisServer primary, CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(primary, cancellationToken);
        if (!view.Myself.IsPrimary)
        {
            throw new InvalidOperationException($"{primary.Name} is not a primary.");
        }

        var replicas = view.Nodes.Where(node => node.PrimaryId == view.Myself.Id).Select(node => ServerById(node.Id)).ToList();
        var killedAt = Stopwatch.GetTimestamp();
        await primary.StopAsync();
        return new KilledPrimary(primary, view.Myself.Id, replicas, killedAt);
    }

    /// <summary>
    /// Waits until a replica of the killed node is primary in the view of every running node, noting
    /// when a survivor first flagged the killed node <c>fail</c> and when the replica first called itself
    /// primary (polled every 10 ms); refreshes the roles.
    /// </summary>
    public async Task<ClusterFailover> WaitForPromotionAsync(KilledPrimary killed, CancellationToken cancellationToken = default)
    {
        long? markedFailedAt = null;
        long? promotedAt = null;
        RedisServer? promoted = null;
        await Poll.UntilAsync($"promotion of a replica of {killed.Node.Name}", async () =>
        {
            var running = Running;
            var views = await Task.WhenAll(running.Select(node => ViewAsync(node, cancellationToken)));
            var now = Stopwatch.GetTimestamp();
            if (markedFailedAt is null && views.Any(view => view.Find(killed.NodeId)?.IsFailed == true))
            {
                markedFailedAt = now;
            }

            if (promoted is null)
            {
                promoted = running.Zip(views)
                    .Where(pair => killed.Replicas.Contains(pair.First) && pair.Second.Myself.IsPrimary)
                    .Select(pair => pair.First)
                    .FirstOrDefault();
                if (promoted is null)
                {
                    return markedFailedAt is null ? $"{killed.Node.Name} is not flagged fail yet" : "no replica is primary yet";
                }

                promotedAt = now;
            }

            var promotedId = NodeIdOf(promoted);
            var lagging = running.Zip(views).FirstOrDefault(pair => pair.Second.Find(promotedId)?.IsPrimary != true).First;
            return lagging is null ? null : $"{lagging.Name} does not see {promoted.Name} as primary yet";
        }, FailoverTimeout, FailoverPollInterval, Nodes, cancellationToken);
        await RefreshRolesAsync(cancellationToken);
        return new ClusterFailover(
            promoted ?? throw new UnreachableException(), killed.Node, killed.KilledAt, markedFailedAt, promotedAt ?? throw new UnreachableException());
    }

    /// <summary>
    /// Starts a killed node again on its port with its directory and nodes.conf, and waits until the
    /// cluster is healthy again with the node back (a killed primary returns as a replica of the node
    /// promoted in its place); refreshes the roles.
    /// </summary>
    public async Task RestartAsync(RedisServer node, CancellationToken cancellationToken = default)
    {
        await node.StartAgainAsync(cancellationToken);
        await WaitUntilHealthyAsync($"cluster with {node.Name} back", cancellationToken);
    }

    private async Task<string> RoleAsync(RedisServer node, CancellationToken cancellationToken) =>
        (await AdminOf(node).CommandAsync(["ROLE"], cancellationToken)).Items[0].RequireText();
}
