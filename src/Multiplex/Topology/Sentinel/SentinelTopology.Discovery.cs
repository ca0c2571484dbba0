using Multiplex.Connections;
using System.Globalization;
using Multiplex.Diagnostics;

namespace Multiplex.Topology.Sentinel;

/// <summary>
/// Finding the primary: the sentinels are asked in turn (connected ones first), the answer is confirmed
/// with ROLE; every sentinel's <c>+switch-master</c> announcements are listened to; a loop asks again when
/// told to (READONLY), while the primary's connection is down, and times out parked commands.
/// </summary>
internal sealed partial class SentinelTopology
{
    // How often the loop runs: asks the sentinels again while the primary is down or when asked to.
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromMilliseconds(100);

    // A sentinel not connected yet is waited for this long at most before the next one is asked.
    private static readonly TimeSpan SentinelConnectWait = TimeSpan.FromMilliseconds(500);

    private readonly List<SentinelLink> _sentinels;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _switchLock = new();
    // How often the list of sentinels is refreshed from SENTINEL SENTINELS (a sentinel added later is
    // asked and listened to too).
    private static readonly TimeSpan SentinelListPeriod = TimeSpan.FromSeconds(60);

    private int _discoveryRequested;
    private long _sentinelsRefreshedAt;
    private Task? _loop;

    /// <summary>The sentinels asked and listened to: the configured ones and those <c>SENTINEL SENTINELS</c> named since.</summary>
    public IReadOnlyList<RedisEndpoint> Sentinels
    {
        get
        {
            lock (_lock)
            {
                return [.. _sentinels.Select(link => link.Endpoint)];
            }
        }
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartSentinels();
        var failures = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        bool found;
        try
        {
            found = await DiscoverAsync(failures, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failures.Add($"no answer within the connect timeout of {_options.ConnectTimeout.TotalMilliseconds:0} ms");
            found = false;
        }

        if (!found)
        {
            var sentinels = string.Join(", ", _options.Endpoints);
            throw new RedisConnectionException(
                $"No sentinel named a reachable primary for '{_service}' (sentinels {sentinels}): {string.Join("; ", failures)}.", CommandOutcome.NotSent)
            { Endpoint = sentinels };
        }

        // Reads may go to replicas from the first command on (a failure here leaves it to the loop).
        using (var replicas = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token))
        {
            replicas.CancelAfter(_options.CommandTimeout);
            try
            {
                await RefreshReplicasAsync(replicas.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _replicasRefreshedAt, 0);
            }
        }

        StartLoop();
    }

    /// <inheritdoc />
    public void StartInBackground()
    {
        StartSentinels();
        StartLoop();
        RequestDiscovery();
    }

    /// <summary>Asks the loop to ask the sentinels for the primary soon.</summary>
    private void RequestDiscovery()
    {
        if (Interlocked.Exchange(ref _discoveryRequested, 1) == 0)
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

    /// <summary>Makes a client per sentinel (connecting in the background) and starts listening to each.</summary>
    private void StartSentinels()
    {
        lock (_lock)
        {
            foreach (var link in _sentinels.Where(link => link.Client is null))
            {
                link.Client = RedisClient.CreateForSentinel(SentinelClientOptions(link.Endpoint), _loggerFactory, _factory.Events);
                link.Watch = BackgroundWork.Run(() => WatchAsync(link));
            }
        }
    }

    private RedisClientOptions SentinelClientOptions(RedisEndpoint endpoint) => _options with
    {
        Endpoints = [endpoint],
        Mode = ServerMode.Standalone,
        Sentinel = SentinelOptions.Default,
        User = _options.Sentinel.User,
        Password = _options.Sentinel.Password,
        CredentialsProvider = _options.Sentinel.CredentialsProvider,
        Database = 0,
        Tls = _options.Tls with { Enabled = _options.Sentinel.UseTls ?? _options.Tls.Enabled },
        ConnectionsPerNode = 1,
        NoEvict = false,
        NoTouch = false,
        AllowAdminCommands = false,
    };

    private void StartLoop()
    {
        lock (_lock)
        {
            if (_loop is null && Volatile.Read(ref _disposed) == 0)
            {
                _loop = BackgroundWork.Run(LoopAsync);
            }
        }
    }

    private async Task LoopAsync()
    {
        var token = _disposing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(CheckPeriod, token).ConfigureAwait(false);
                ExpireParked();
                var requested = Interlocked.Exchange(ref _discoveryRequested, 0) == 1;
                if (requested || Primary is not { IsConnected: true })
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(_options.ConnectTimeout);
                    await DiscoverAsync([], timeout.Token).ConfigureAwait(false);
                }

                if (Environment.TickCount64 - Volatile.Read(ref _sentinelsRefreshedAt) >= (long)SentinelListPeriod.TotalMilliseconds)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(_options.CommandTimeout);
                    await RefreshSentinelsAsync(timeout.Token).ConfigureAwait(false);
                }

                if (ReadsMayGoToReplicas && Primary is not null
                    && Environment.TickCount64 - Volatile.Read(ref _replicasRefreshedAt) >= (long)ReplicaRefreshPeriod.TotalMilliseconds)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(_options.CommandTimeout);
                    await RefreshReplicasAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or OperationCanceledException)
            {
                // Logged per sentinel by DiscoverAsync; the next round asks again.
            }
        }
    }

    /// <summary>
    /// Asks the sentinels in turn (connected ones first) for the primary, and switches to it once ROLE
    /// confirms it; true when the client has a primary the sentinels name.
    /// </summary>
    private async Task<bool> DiscoverAsync(List<string> failures, CancellationToken cancellationToken)
    {
        SentinelLink[] links;
        lock (_lock)
        {
            links = [.. _sentinels.OrderByDescending(link => link.Client?.IsConnected == true)];
        }

        foreach (var link in links)
        {
            RedisEndpoint? named;
            try
            {
                named = await AskAsync(link, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failures.Add($"{link.Endpoint}: {ex.Message.TrimEnd('.')}");
                Log.SentinelQueryFailed(_logger, link.Endpoint.ToString(), _service, ex.Message);
                _factory.Events.OnError(link.Endpoint.ToString(), ConnectionKind.Sentinel, "asking a sentinel for the primary", ex);
                continue;
            }

            if (named is null)
            {
                failures.Add($"{link.Endpoint} does not monitor '{_service}'");
                continue;
            }

            if (Volatile.Read(ref _leftPrimary) is { } left && left.Endpoint == named && Environment.TickCount64 < left.Until)
            {
                // The sentinels announce a failover a second or so after the promotion the client already
                // followed; until then they still name the old primary, which has not been demoted yet.
                failures.Add($"{link.Endpoint} still names {named}, which a failover is replacing");
                continue;
            }

            if (Primary is { } current && current.Endpoint == named)
            {
                // Still the primary as far as the sentinels know: what waited after READONLY goes back to it
                // (a command refused again gives up after a few tries).
                ResendParkedTo(current);
                return true;
            }

            var node = await ConfirmPrimaryAsync(named, failures, cancellationToken).ConfigureAwait(false);
            if (node is not null)
            {
                SwitchTo(node, $"sentinel {link.Endpoint}");
                return true;
            }
        }

        return false;
    }

    /// <summary><c>SENTINEL GET-MASTER-ADDR-BY-NAME</c>: the primary's address as this sentinel knows it, null when it does not monitor the service.</summary>
    private async Task<RedisEndpoint?> AskAsync(SentinelLink link, CancellationToken cancellationToken)
    {
        var client = link.Client!;
        if (!client.IsConnected)
        {
            await client.WaitForConnectionAsync(SentinelConnectWait, cancellationToken).ConfigureAwait(false);
        }

        var reply = await client.ExecuteAsync("SENTINEL", ["GET-MASTER-ADDR-BY-NAME", _service], cancellationToken).ConfigureAwait(false);
        if (reply.IsNull || !reply.IsAggregate)
        {
            return null;
        }

        if (reply.Elements is not [var host, var port] || !int.TryParse(port.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new RedisProtocolException($"Sentinel {link.Endpoint} answered GET-MASTER-ADDR-BY-NAME {_service} with {reply.Elements.Count} elements; expected host and port.");
        }

        return RedisEndpoint.Tcp(host.ToString()!, number);
    }

    /// <summary>Connects to the named server and checks with ROLE that it is a primary (a sentinel can be behind).</summary>
    private async Task<RedisNode?> ConfirmPrimaryAsync(RedisEndpoint endpoint, List<string> failures, CancellationToken cancellationToken)
    {
        var node = _factory.Create(endpoint, NodeRole.Primary);
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
            var role = await new RedisNodeCommands(_options, node).RoleAsync(cancellationToken).ConfigureAwait(false);
            if (role.Kind == ServerRoleKind.Primary)
            {
                return node;
            }

            failures.Add($"{endpoint} is named the primary but says it is a {role.Kind.ToString().ToLowerInvariant()}");
        }
        catch (Exception ex) when (ex is RedisException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            failures.Add($"{endpoint}: {ex.Message.TrimEnd('.')}");
        }

        await node.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Reads one sentinel's <c>+switch-master</c> announcements until the client is disposed.</summary>
    private async Task WatchAsync(SentinelLink link)
    {
        var token = _disposing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await link.Client!.WaitForConnectionAsync(token).ConfigureAwait(false);
                var announcements = await link.Client.SubscribeAsync([SwitchMaster, PromotingReplica], null, token).ConfigureAwait(false);
                await using (((IAsyncDisposable)announcements).ConfigureAwait(false))
                {
                    await foreach (var message in announcements.WithCancellation(token).ConfigureAwait(false))
                    {
                        if (message.Channel == SwitchMaster)
                        {
                            OnSwitchMaster(link, message.Payload.ToString() ?? string.Empty);
                        }
                        else
                        {
                            OnPromotingReplica(link, message.Payload.ToString() ?? string.Empty);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                Log.SentinelQueryFailed(_logger, link.Endpoint.ToString(), _service, ex.Message);
                _factory.Events.OnError(link.Endpoint.ToString(), ConnectionKind.Sentinel, "asking a sentinel for the primary", ex);
                try
                {
                    await Task.Delay(CheckPeriod, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary><c>+switch-master &lt;name&gt; &lt;old-ip&gt; &lt;old-port&gt; &lt;new-ip&gt; &lt;new-port&gt;</c>: switch at once, writing nothing more to the old primary.</summary>
    private void OnSwitchMaster(SentinelLink link, string payload)
    {
        var parts = payload.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5 || parts[0] != _service || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return;
        }

        var endpoint = RedisEndpoint.Tcp(parts[3], port);
        Volatile.Write(ref _leftPrimary, null); // the sentinels now name the new primary themselves
        RedisNode node;
        lock (_switchLock)
        {
            if (Volatile.Read(ref _disposed) != 0 || Primary?.Endpoint == endpoint)
            {
                return;
            }

            node = _factory.Create(endpoint, NodeRole.Primary);
            node.StartInBackground();
            SwitchTo(node, $"+switch-master from sentinel {link.Endpoint}");
        }
    }

    /// <summary>Adds the sentinels <c>SENTINEL SENTINELS</c> names that the client does not know yet (asked and listened to from then on).</summary>
    private async Task RefreshSentinelsAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _sentinelsRefreshedAt, Environment.TickCount64);
        SentinelLink? asked;
        lock (_lock)
        {
            asked = _sentinels.FirstOrDefault(link => link.Client?.IsConnected == true);
        }

        if (asked is null)
        {
            return;
        }

        RedisResult reply;
        try
        {
            reply = await asked.Client!.ExecuteAsync("SENTINEL", ["SENTINELS", _service], cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.SentinelQueryFailed(_logger, asked.Endpoint.ToString(), _service, ex.Message);
            return;
        }

        var known = new List<RedisEndpoint>();
        foreach (var entry in reply.IsAggregate ? reply.Elements : [])
        {
            var fields = Fields(entry);
            if (fields.TryGetValue("ip", out var ip) && int.TryParse(fields.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                known.Add(RedisEndpoint.Tcp(ip, port));
            }
        }

        lock (_lock)
        {
            foreach (var endpoint in known.Where(endpoint => _sentinels.All(link => link.Endpoint != endpoint)))
            {
                _sentinels.Add(new SentinelLink(endpoint));
            }
        }

        StartSentinels();
    }

    /// <summary>The name/value pairs of one entry of a SENTINEL listing (a RESP3 map or a RESP2 flat array).</summary>
    private static Dictionary<string, string> Fields(RedisResult entry)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var elements = entry.Elements;
        for (var i = 0; i + 1 < elements.Count; i += 2)
        {
            fields[elements[i].ToString() ?? string.Empty] = elements[i + 1].ToString() ?? string.Empty;
        }

        return fields;
    }

    private async Task DisposeSentinelsAsync()
    {
        SentinelLink[] links;
        lock (_lock)
        {
            links = [.. _sentinels];
        }

        foreach (var link in links)
        {
            if (link.Client is { } client)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            if (link.Watch is { } watch)
            {
                await watch.ConfigureAwait(false);
            }
        }
    }
}
