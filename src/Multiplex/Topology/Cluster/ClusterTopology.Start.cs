using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <summary>Starting: reaching a seed, finding out the server's mode, and loading the first slot map.</summary>
internal sealed partial class ClusterTopology
{
    // HELLO's mode field (RESP3) and INFO cluster's flag (RESP2).
    private const string ClusterMode = "cluster";
    private const string ClusterEnabled = "cluster_enabled:1";

    // Background mode detection retries at this pace while it fails (the seed answers, but not as expected).
    private static readonly TimeSpan DetectRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connects to the seeds in order until one answers; the others are closed (the slot map names the
    /// nodes to use). When none answers, the error says why for each.
    /// </summary>
    private async Task<RedisNode> ConnectToASeedAsync(CancellationToken cancellationToken)
    {
        var seeds = Nodes.ToArray();
        var failures = new List<(RedisNode Node, Exception Error)>();
        foreach (var seed in seeds)
        {
            try
            {
                await seed.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add((seed, error));
                continue;
            }

            foreach (var other in seeds.Where(other => !ReferenceEquals(other, seed)))
            {
                await ForgetAsync(other, seed).ConfigureAwait(false);
            }

            return seed;
        }

        if (failures.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0].Error);
        }

        var reasons = string.Join("; ", failures.Select(failure => $"{failure.Node.EndpointText}: {failure.Error.Message}"));
        var first = failures[0].Error;
        throw first is RedisAuthenticationException authentication
            ? authentication
            : new RedisConnectionException($"None of the {failures.Count} seed endpoints could be reached ({reasons}).", CommandOutcome.NotSent, first)
            {
                Endpoint = string.Join(", ", failures.Select(failure => failure.Node.EndpointText)),
            };
    }

    /// <summary>
    /// Finds out whether <paramref name="seed"/> is a cluster node and sets the mode; in a cluster, loads
    /// the slot map and makes its nodes (awaiting their first connection when <paramref name="connecting"/>:
    /// a node that cannot be reached keeps connecting in the background).
    /// </summary>
    /// <param name="seed">A connected seed.</param>
    /// <param name="connecting">
    /// True for ConnectAsync, which throws when the server is not what the options describe; false in the
    /// background (Create), where that is logged and the server is served as it is.
    /// </param>
    /// <param name="cancellationToken">Cancels the detection.</param>
    private async Task DetectModeAsync(RedisNode seed, bool connecting, CancellationToken cancellationToken)
    {
        if (!await IsClusterNodeAsync(seed, cancellationToken).ConfigureAwait(false))
        {
            if (StandaloneRefusal(seed) is { } refusal)
            {
                if (connecting)
                {
                    throw new RedisConnectionException(refusal, CommandOutcome.NotSent) { Endpoint = seed.EndpointText };
                }

                Log.ModeDetectionFailed(_logger, seed.EndpointText, refusal);
            }

            if (_options.Endpoints.Count > 1)
            {
                // A primary and its replicas: use the one that says it is the primary.
                seed = await FindPrimaryByRoleAsync(seed, cancellationToken).ConfigureAwait(false);
            }

            lock (_nodesLock)
            {
                _seed = seed;
                PublishNodes();
            }

            Volatile.Write(ref _mode, ModeStandalone);
            _ready.TrySetResult();
            return;
        }

        var map = await LoadSlotMapAsync(seed, cancellationToken).ConfigureAwait(false);
        var added = Apply(map, seed);
        Volatile.Write(ref _mode, ModeCluster);
        Log.ClusterDetected(_logger, seed.EndpointText, map.Shards.Count, map.UncoveredSlots);
        await ConnectAllAsync(added, connecting, cancellationToken).ConfigureAwait(false);
        StartRefreshLoop();
        _ = SignalReadyAsync();
    }

    /// <summary>Completes <see cref="Ready"/> once every primary of the first map has connected once.</summary>
    private async Task SignalReadyAsync()
    {
        try
        {
            await Task.WhenAll(Volatile.Read(ref _primaries).Select(node => node.FirstConnection)).ConfigureAwait(false);
            _ready.TrySetResult();
        }
        catch (Exception error)
        {
            // Disposed first: Ready already carries that.
            _ready.TrySetException(error);
        }
    }

    /// <summary>Why a server that is not a cluster node does not fit the options; null when it does.</summary>
    private string? StandaloneRefusal(RedisNode seed)
    {
        if (_options.Mode == ServerMode.Cluster)
        {
            return $"{seed.EndpointText} is not in cluster mode, but RedisClientOptions.Mode is Cluster. Point the client at a cluster node, or set Mode to Auto or Standalone.";
        }

        return null;
    }

    /// <summary>
    /// Connects the nodes of a new map. The first time (connect), it waits for them, and one that cannot
    /// be reached connects in the background: it may be a failed primary the cluster is replacing.
    /// </summary>
    private static async Task ConnectAllAsync(List<RedisNode> nodes, bool awaitNodes, CancellationToken cancellationToken)
    {
        if (!awaitNodes)
        {
            foreach (var node in nodes)
            {
                node.StartInBackground();
            }

            return;
        }

        await Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                await node.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                node.StartInBackground();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Whether the server says it is a cluster node: HELLO's mode under RESP3, INFO cluster otherwise.</summary>
    private async Task<bool> IsClusterNodeAsync(RedisNode seed, CancellationToken cancellationToken)
    {
        var mode = seed.Connections[0].Handshake?.Mode;
        if (mode is not null)
        {
            return mode == ClusterMode;
        }

        try
        {
            var info = await QueryAsync(seed, ServerTokens.Info, cancellationToken, "cluster").ConfigureAwait(false);
            return ((string?)info.Value)?.Contains(ClusterEnabled, StringComparison.Ordinal) == true;
        }
        catch (RedisServerException)
        {
            // A server without INFO cluster (or a user not allowed INFO) is taken as standalone.
            return false;
        }
    }

    /// <summary>The slot map as <paramref name="node"/> sees it: CLUSTER SHARDS, or CLUSTER SLOTS where SHARDS is unknown.</summary>
    private async Task<SlotMap> LoadSlotMapAsync(RedisNode node, CancellationToken cancellationToken)
    {
        RedisResult shards;
        try
        {
            shards = await QueryAsync(node, ClusterTokens.Shards, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (!error.IsTransient)
        {
            var slots = await QueryAsync(node, ClusterTokens.Slots, cancellationToken).ConfigureAwait(false);
            return SlotMapReader.FromSlots(slots, node.Endpoint);
        }

        return SlotMapReader.FromShards(shards, node.Endpoint, _options.Tls.Enabled);
    }

    /// <summary>Sends a command of the topology's own to <paramref name="node"/> and returns its reply.</summary>
    private async Task<RedisResult> QueryAsync(RedisNode node, CommandSpec command, CancellationToken cancellationToken, params string[] arguments)
    {
        var pending = PendingCommand<RedisResult>.Rent(command, ReplyParsers.Result, _options.CommandTimeout);
        RespWriter.WriteArrayHeader(pending, command.NameLength + arguments.Length);
        command.WriteName(pending);
        foreach (var argument in arguments)
        {
            RespWriter.WriteBulkString(pending, argument);
        }

        var reply = pending.Task;
        node.Enqueue(pending, cancellationToken);
        return await reply.ConfigureAwait(false);
    }

    /// <summary>
    /// For a client made by Create: waits until a seed connects, then finds out the mode, retrying until it
    /// succeeds or the client is disposed. Commands sent meanwhile go to the first seed.
    /// </summary>
    private async Task DetectInBackgroundAsync()
    {
        var token = _disposing.Token;
        while (!token.IsCancellationRequested)
        {
            RedisNode? seed = null;
            try
            {
                seed = await FirstConnectedSeedAsync(token).ConfigureAwait(false);
                await DetectModeAsync(seed, connecting: false, token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                Log.ModeDetectionFailed(_logger, seed?.EndpointText ?? string.Join(", ", _options.Endpoints), error.Message);
                try
                {
                    await Task.Delay(DetectRetryDelay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<RedisNode> FirstConnectedSeedAsync(CancellationToken cancellationToken)
    {
        var seeds = Nodes.ToArray();
        var connected = seeds.FirstOrDefault(node => node.IsConnected);
        if (connected is not null)
        {
            return connected;
        }

        var first = await Task.WhenAny(seeds.Select(async node =>
        {
            await node.FirstConnection.ConfigureAwait(false);
            return node;
        })).WaitAsync(cancellationToken).ConfigureAwait(false);
        return await first.ConfigureAwait(false);
    }

    /// <summary>Closes a seed other than the one that answered: the slot map names the nodes to use.</summary>
    private async Task ForgetAsync(RedisNode node, RedisNode answered)
    {
        lock (_nodesLock)
        {
            if (!_byEndpoint.Remove(node.Endpoint))
            {
                return;
            }

            _seed = answered;
            PublishNodes();
        }

        await node.DisposeAsync().ConfigureAwait(false);
    }
}
