using System.Diagnostics;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Replacing the primary through the sentinels: a manual <c>SENTINEL FAILOVER</c>, and a SIGKILL followed
/// by the automatic failover (subjective down after 2 s, objective down at quorum 2, a leader election,
/// the promotion) and a restart that brings the killed server back as a replica. Moments are
/// <see cref="Stopwatch.GetTimestamp"/> values; <c>+switch-master</c> is subscribed on every sentinel
/// before the failover starts, so its first announcement is seen.
/// Spec: https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/ ("Sentinel API",
/// "Pub/Sub messages") and https://redis.io/docs/latest/commands/role/.
/// </summary>
public sealed partial class RedisSentinelGroup
{
    // The recorded moments are at most one interval late; a poll is one round trip per process.
    private static readonly TimeSpan FailoverPollInterval = TimeSpan.FromMilliseconds(10);

    // A manual failover promotes within a second, but the sentinels demote the old primary only after
    // it has reported the master role for 8 s (four hello periods) and they next read its INFO (every
    // 10 s). A kill costs down-after (2 s), the vote and the promotion: a few seconds. (Switching to the
    // new primary clears a sentinel's failover delay, so a second kill is failed over as fast.)
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(30);

    // The announcement precedes the leader's own switch, so it is already on its way once every
    // sentinel names the new primary; this only covers the listener's read.
    private static readonly TimeSpan AnnouncementGrace = TimeSpan.FromSeconds(2);

    // A restarted server resyncs in full from the primary (diskless, nothing persisted) and the
    // sentinels notice it within a ping period (1 s).
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Subscribes to <c>+switch-master</c> on every sentinel, sends <c>SENTINEL FAILOVER</c> to the first
    /// sentinel that accepts it, and waits (ROLE and GET-MASTER-ADDR-BY-NAME polled every 10 ms) until a
    /// replica reports the master role, every sentinel names it and every other server, the old primary
    /// included, replicates it; then until the group is healthy again (both replicas in sync and listed
    /// as reachable by every sentinel). Refreshes the roles.
    /// </summary>
    public async Task<SentinelFailover> FailoverAsync(CancellationToken cancellationToken = default)
    {
        var oldPrimary = Primary;
        var candidates = Replicas;
        await using var watch = await SentinelWatch.StartAsync(Sentinels, MasterName, cancellationToken);
        var sentAt = await SendFailoverAsync(cancellationToken);
        var (newPrimary, promotedAt) = await WaitForNewPrimaryAsync($"failover from {oldPrimary.Name}", candidates, cancellationToken);
        var announcedAt = await watch.WaitForSwitchToAsync(newPrimary.Endpoint, AnnouncementGrace, cancellationToken);
        await RefreshRolesAsync(cancellationToken);
        await WaitUntilHealthyAsync($"sentinel group after the failover to {newPrimary.Name}", FailoverTimeout, cancellationToken);
        return new SentinelFailover(newPrimary, oldPrimary, sentAt, promotedAt, announcedAt);
    }

    /// <summary>
    /// Subscribes to <c>+switch-master</c> on every sentinel, then kills <see cref="Primary"/> with SIGKILL
    /// (its directory and port are kept for <see cref="RestartAsync"/>) and returns it with the moment of
    /// the kill. <see cref="Primary"/> stays the killed server until <see cref="WaitForPromotionAsync"/>.
    /// </summary>
    public async Task<SentinelKill> KillPrimaryAsync(CancellationToken cancellationToken = default)
    {
        var primary = Primary;
        var role = await BoundedAsync(token => RoleAsync(primary, token), cancellationToken);
        if (RoleName(role) != "master")
        {
            throw new InvalidOperationException($"{primary.Name} reports ROLE {RoleName(role)}; refresh the roles first.");
        }

        var watch = await SentinelWatch.StartAsync(Sentinels, MasterName, cancellationToken);
        _watches.Add(watch);
        var killedAt = Stopwatch.GetTimestamp();
        await primary.StopAsync();
        return new SentinelKill(primary, killedAt, watch);
    }

    /// <summary>
    /// Waits (polled every 10 ms, up to 30 s) until the sentinels have promoted a replica of the killed
    /// primary: it reports the master role, every sentinel names it and the other running replica
    /// replicates it. Refreshes the roles (the killed server is in neither <see cref="Primary"/> nor
    /// <see cref="Replicas"/> until <see cref="RestartAsync"/>) and closes the kill's subscriptions.
    /// </summary>
    public async Task<SentinelFailover> WaitForPromotionAsync(SentinelKill kill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kill);
        try
        {
            var candidates = Servers.Where(server => server != kill.Server && server.ProcessId != 0).ToList();
            var (newPrimary, promotedAt) = await WaitForNewPrimaryAsync(
                $"promotion of a replica of the killed {kill.Server.Name}", candidates, cancellationToken);
            var announcedAt = await kill.Watch.WaitForSwitchToAsync(newPrimary.Endpoint, AnnouncementGrace, cancellationToken);
            await RefreshRolesAsync(cancellationToken);
            return new SentinelFailover(newPrimary, kill.Server, kill.KilledAt, promotedAt, announcedAt);
        }
        finally
        {
            _watches.Remove(kill.Watch);
            await kill.Watch.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts a killed server again on its port in its directory. Its configuration file names the
    /// primary it had at the group's start (or none), not the current one, so the fixture points it at
    /// <see cref="Primary"/> as soon as it answers, as an operator's restart with an up-to-date config
    /// would; then it waits until the group is healthy (the server in sync, every sentinel listing both
    /// replicas as reachable). Refreshes the roles.
    /// </summary>
    public async Task RestartAsync(RedisServer server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!Servers.Contains(server))
        {
            throw new ArgumentException($"{server.Name} is not a server of this group.", nameof(server));
        }

        if (server.ProcessId != 0)
        {
            throw new InvalidOperationException($"{server.Name} is running; kill it before restarting it.");
        }

        var primary = Primary;
        if (server == primary)
        {
            throw new InvalidOperationException($"{server.Name} is still the primary; wait for the promotion before restarting it.");
        }

        await server.StartAgainAsync(cancellationToken);
        await BoundedAsync(token => _admin[server].CommandAsync(["REPLICAOF", primary.Host, Number(primary.Port)], token), cancellationToken);
        await WaitUntilHealthyAsync($"sentinel group with {server.Name} back", RestartTimeout, cancellationToken);
        await RefreshRolesAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <c>SENTINEL FAILOVER</c> to each sentinel in turn until one accepts it, and returns when it
    /// was sent to that one. A refusal (e.g. <c>-NOGOODSLAVE</c> from a sentinel whose view of the
    /// replicas is stale) moves on; <c>-INPROG</c> does not, since a second sentinel would start a
    /// competing failover.
    /// </summary>
    private async Task<long> SendFailoverAsync(CancellationToken cancellationToken)
    {
        var refusals = new List<string>();
        foreach (var sentinel in Sentinels)
        {
            var sentAt = Stopwatch.GetTimestamp();
            var reply = await BoundedAsync(token => sentinel.CommandAsync(["SENTINEL", "FAILOVER", MasterName], token), cancellationToken);
            if (!reply.IsError)
            {
                return sentAt;
            }

            if (reply.Text?.StartsWith("INPROG", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException($"{sentinel.Name} is already failing over {MasterName}: {reply.Text}");
            }

            refusals.Add($"{sentinel.Name}: {reply.Text}");
        }

        throw new InvalidOperationException($"No sentinel started a failover of {MasterName}: {string.Join("; ", refusals)}");
    }

    /// <summary>
    /// Polls until one of <paramref name="candidates"/> reports the master role, every sentinel names it
    /// and every other running server replicates it; returns it and when it was first seen as master.
    /// </summary>
    private async Task<(RedisServer Primary, long PromotedAt)> WaitForNewPrimaryAsync(
        string what, IReadOnlyList<RedisServer> candidates, CancellationToken cancellationToken)
    {
        RedisServer? promoted = null;
        long promotedAt = 0;
        await Poll.UntilAsync(what, () => BoundedAsync(async token =>
        {
            if (promoted is null)
            {
                var roles = await Task.WhenAll(candidates.Select(candidate => RoleAsync(candidate, token)));
                var now = Stopwatch.GetTimestamp();
                promoted = candidates.Where((_, index) => RoleName(roles[index]) == "master").FirstOrDefault();
                if (promoted is null)
                {
                    return "no replica reports ROLE master yet";
                }

                promotedAt = now;
            }

            foreach (var sentinel in Sentinels)
            {
                var named = await PrimaryEndpointAsync(sentinel, token);
                if (named != promoted.Endpoint)
                {
                    return $"{sentinel.Name} still names {named ?? "(none)"}, not {promoted.Name}";
                }
            }

            foreach (var server in Servers.Where(server => server != promoted && server.ProcessId != 0))
            {
                if (!Follows(await RoleAsync(server, token), promoted))
                {
                    return $"{server.Name} does not replicate {promoted.Name} yet";
                }
            }

            return null;
        }, cancellationToken), FailoverTimeout, FailoverPollInterval, Logs, cancellationToken);
        return (promoted ?? throw new UnreachableException(), promotedAt);
    }
}
