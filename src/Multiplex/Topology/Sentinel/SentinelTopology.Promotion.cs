using System.Globalization;
using Multiplex.Diagnostics;

namespace Multiplex.Topology.Sentinel;

/// <summary>
/// Following a failover before it is announced. A sentinel announces <c>+switch-master</c> only after it
/// saw the promotion in the replica's INFO (about a second later); meanwhile the old primary still
/// accepts writes that the new one will never have. When the failover leader sends <c>SLAVEOF NO ONE</c>
/// to the chosen replica it publishes <c>+failover-state-send-slaveof-noone</c>: from then on the client
/// holds new commands (parked, within their timeout) instead of writing them to the old primary, asks
/// that replica's ROLE every 10 ms, and switches the moment it says primary; if it never does within
/// the bound, the held commands go to the old primary after all.
/// </summary>
internal sealed partial class SentinelTopology
{
    private const string SwitchMaster = "+switch-master";
    private const string PromotingReplica = "+failover-state-send-slaveof-noone";

    private static readonly TimeSpan PromotionPollPeriod = TimeSpan.FromMilliseconds(10);

    // A sentinel failover completes well within this (its failover-timeout is usually 10 s to 3 min; the
    // promotion itself takes milliseconds); past it the sentinels' answers are trusted again.
    private static readonly TimeSpan PromotionWatchLimit = TimeSpan.FromSeconds(30);

    private PromotionWatch? _leftPrimary;

    // While a replica is being promoted, commands are parked rather than written to the old primary:
    // what it acknowledged from then on the new primary would never have.
    private bool _holding;
    private int _watchingPromotion;

    /// <summary><c>slave &lt;name&gt; &lt;ip&gt; &lt;port&gt; @ &lt;master-name&gt; &lt;master-ip&gt; &lt;master-port&gt;</c>.</summary>
    private void OnPromotingReplica(SentinelLink link, string payload)
    {
        var halves = payload.Split(" @ ", 2);
        var replica = halves[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var master = halves.Length == 2 ? halves[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (replica.Length != 4 || master.Length != 3 || master[0] != _service
            || !int.TryParse(replica[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || Volatile.Read(ref _disposed) != 0
            || Interlocked.Exchange(ref _watchingPromotion, 1) != 0)
        {
            return;
        }

        _ = WatchPromotionAsync(RedisEndpoint.Tcp(replica[2], port), link);
    }

    /// <summary>Asks the replica being promoted for its ROLE until it says primary (bounded by the failover's usual length), then switches.</summary>
    private async Task WatchPromotionAsync(RedisEndpoint candidate, SentinelLink link)
    {
        var node = _factory.Create(candidate, NodeRole.Primary);
        var adopted = false;
        lock (_lock)
        {
            _holding = Primary is { } current && current.Endpoint != candidate;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
            timeout.CancelAfter(PromotionWatchLimit);
            await node.StartAsync(timeout.Token).ConfigureAwait(false);
            var commands = new RedisNodeCommands(_options, node);
            while (!timeout.IsCancellationRequested)
            {
                ServerRole role;
                try
                {
                    role = await commands.RoleAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (RedisConnectionException)
                {
                    // The failover leader sends SLAVEOF NO ONE with CLIENT KILL TYPE normal: this connection
                    // is among those closed. It reconnects; ask again.
                    await Task.Delay(PromotionPollPeriod, timeout.Token).ConfigureAwait(false);
                    continue;
                }

                if (role.Kind == ServerRoleKind.Primary)
                {
                    var old = Primary;
                    if (old is not null && old.Endpoint != candidate)
                    {
                        Volatile.Write(ref _leftPrimary, new PromotionWatch(old.Endpoint, Environment.TickCount64 + (long)PromotionWatchLimit.TotalMilliseconds));
                    }

                    lock (_switchLock)
                    {
                        adopted = Primary?.Endpoint != candidate;
                        SwitchTo(node, $"the replica the failover leader (sentinel {link.Endpoint}) promotes says ROLE master");
                    }

                    return;
                }

                await Task.Delay(PromotionPollPeriod, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException)
        {
            // The failover did not complete (or not yet): +switch-master, READONLY and the loop still apply.
            Log.PromotionWatchFailed(_logger, candidate.ToString(), _service, ex.Message);
        }
        finally
        {
            if (!adopted)
            {
                lock (_lock)
                {
                    _holding = false;
                }

                // The promotion was not seen: what waited goes to the primary in use.
                if (Primary is { } primary)
                {
                    ResendParkedTo(primary);
                }

                await node.DisposeAsync().ConfigureAwait(false);
            }

            Volatile.Write(ref _watchingPromotion, 0);
        }
    }

    /// <summary>The primary a promotion replaced, and until when sentinels still naming it are not believed.</summary>
    private sealed record PromotionWatch(RedisEndpoint Endpoint, long Until);
}
