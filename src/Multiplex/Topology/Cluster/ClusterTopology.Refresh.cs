using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Reloading the slot map: at once when a MOVED or CLUSTERDOWN reply says it is stale, quickly and
/// repeatedly while a primary is disconnected (the cluster may be promoting its replica), and
/// periodically (<see cref="ClusterOptions.RefreshInterval"/>); never more often than
/// <see cref="ClusterOptions.MinRefreshSpacing"/>.
/// </summary>
internal sealed partial class ClusterTopology
{
    // How often the loop looks for a disconnected primary (and a requested or periodic reload). A killed
    // primary's replica is promoted within a second or two of the cluster marking it failed; the client
    // follows within this period of the promotion.
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromMilliseconds(200);

    // With ReplicaReads.LowestLatency, every node is PINGed this often to rank the nodes of each shard.
    private static readonly TimeSpan LatencyProbePeriod = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _refreshRequested;
    private Task? _refreshLoop;

    /// <inheritdoc />
    public void RequestRefresh()
    {
        if (Interlocked.Exchange(ref _refreshRequested, 1) == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    private void StartRefreshLoop()
    {
        lock (_nodesLock)
        {
            if (_refreshLoop is null && Volatile.Read(ref _disposed) == 0)
            {
                _refreshLoop = BackgroundWork.Run(RefreshLoopAsync);
            }
        }
    }

    private async Task RefreshLoopAsync()
    {
        var token = _disposing.Token;
        var lastRefresh = Environment.TickCount64;
        var lastProbe = 0L;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(CheckPeriod, token).ConfigureAwait(false);
                if (_cluster.ReplicaReads == ReplicaReads.LowestLatency && Environment.TickCount64 - lastProbe >= LatencyProbePeriod.TotalMilliseconds)
                {
                    lastProbe = Environment.TickCount64;
                    _ = ProbeLatencyAsync(token);
                }

                var sinceLast = Environment.TickCount64 - lastRefresh;
                var periodic = _cluster.RefreshInterval > TimeSpan.Zero && sinceLast >= _cluster.RefreshInterval.TotalMilliseconds;
                if (Volatile.Read(ref _refreshRequested) == 0 && !periodic && !AnyPrimaryDisconnected())
                {
                    continue;
                }

                var wait = (long)_cluster.MinRefreshSpacing.TotalMilliseconds - sinceLast;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), token).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref _refreshRequested, 0);
                lastRefresh = Environment.TickCount64;
                await RefreshAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>PINGs every connected node and keeps how long each took to answer.</summary>
    private async Task ProbeLatencyAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Nodes.Where(node => node.IsConnected).Select(async node =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await QueryAsync(node, Commands.CommandTokens.Ping, cancellationToken).ConfigureAwait(false);
                node.RoundTrip = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            }
            catch (Exception error) when (error is RedisException or OperationCanceledException)
            {
                node.RoundTrip = null; // not a candidate until it answers again
            }
        })).ConfigureAwait(false);
    }

    private bool AnyPrimaryDisconnected()
    {
        foreach (var primary in Volatile.Read(ref _primaries))
        {
            if (!primary.IsConnected)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Loads the map from the first connected node that answers (primaries first) and applies it when it changed.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var primaries = Volatile.Read(ref _primaries);
        var candidates = primaries.Concat(Nodes.Except(primaries)).Where(node => node.IsConnected).ToList();
        var errors = new List<string>();
        Exception? last = null;
        foreach (var node in candidates)
        {
            SlotMap map;
            try
            {
                map = await LoadSlotMapAsync(node, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{node.EndpointText}: {error.Message}");
                last = error;
                continue;
            }

            if (_map is null || !map.SameAs(_map))
            {
                await ConnectAllAsync(Apply(map, node), awaitNodes: false, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (errors.Count > 0)
        {
            // With no node connected there is nothing to ask: the connections' own reconnects log that.
            Log.SlotMapRefreshFailed(_logger, string.Join(", ", candidates.Select(node => node.EndpointText)), string.Join("; ", errors));
            _factory.Events.OnError(errors.Count == 1 ? candidates[0].EndpointText : null, null, "reloading the cluster slot map", last!);
        }
    }
}
