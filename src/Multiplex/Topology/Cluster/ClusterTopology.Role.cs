using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Several plain endpoints that turn out not to be a cluster (a primary and its replicas, listed without
/// sentinels): the client uses the one whose ROLE says primary, and when a write is refused with
/// READONLY (a manual failover demoted it) asks ROLE of every endpoint again and follows the new primary.
/// </summary>
internal sealed partial class ClusterTopology
{
    private readonly Lock _relocateLock = new();
    private Task<RedisNode>? _relocation;

    /// <summary>Whether the primary is found, and followed, by ROLE among several standalone endpoints.</summary>
    private bool FollowsRole => Volatile.Read(ref _mode) == ModeStandalone && _options.Endpoints.Count > 1;

    /// <summary>
    /// The endpoint whose ROLE is primary: <paramref name="connected"/> when it is one, else the first
    /// other endpoint that is (connected, and added to the nodes in place of <paramref name="connected"/>);
    /// <paramref name="connected"/> when none is.
    /// </summary>
    private async Task<RedisNode> FindPrimaryByRoleAsync(RedisNode connected, CancellationToken cancellationToken)
    {
        if (await IsPrimaryAsync(connected, cancellationToken).ConfigureAwait(false))
        {
            return connected;
        }

        foreach (var endpoint in _options.Endpoints.Where(endpoint => endpoint != connected.Endpoint))
        {
            var node = _factory.Create(endpoint, NodeRole.Primary);
            try
            {
                await node.StartAsync(cancellationToken).ConfigureAwait(false);
                if (await IsPrimaryAsync(node, cancellationToken).ConfigureAwait(false))
                {
                    lock (_nodesLock)
                    {
                        _byEndpoint.Remove(connected.Endpoint);
                        _byEndpoint[endpoint] = node;
                    }

                    Log.PrimaryFoundByRole(_logger, node.EndpointText, connected.EndpointText);
                    _ = RetireAsync(connected);
                    return node;
                }
            }
            catch (Exception ex) when (ex is RedisException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Down or refusing: the next endpoint is asked.
            }

            await node.DisposeAsync().ConfigureAwait(false);
        }

        return connected;
    }

    private async Task<bool> IsPrimaryAsync(RedisNode node, CancellationToken cancellationToken)
    {
        try
        {
            var role = await new RedisNodeCommands(_options, node).RoleAsync(cancellationToken).ConfigureAwait(false);
            return role.Kind == ServerRoleKind.Primary;
        }
        catch (RedisServerException)
        {
            return true; // ROLE refused (renamed, or an ACL without it): the server is taken as it is
        }
    }

    /// <summary>A write refused with READONLY: it did not run; it is sent to the primary ROLE names now.</summary>
    private bool RedirectReadOnly(PendingCommand command, string from)
    {
        var history = command.Redirected ??= new RedirectHistory();
        history.NodesTried.Add(from);
        if (++history.Hops > Math.Max(1, _cluster.MaxRedirects))
        {
            return false;
        }

        command.PrepareResend();
        _ = ResendToPrimaryAsync(command, from);
        return true;
    }

    private async Task ResendToPrimaryAsync(PendingCommand command, string refusedBy)
    {
        RedisNode primary;
        try
        {
            primary = await RelocateAsync(refusedBy).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException)
        {
            command.Abandon(new RedisConnectionException(
                $"{command.Command.Name} was refused with READONLY by {refusedBy} and no other endpoint says it is the primary: {ex.Message}", CommandOutcome.NotSent, ex)
            { Command = command.Command.Name, Endpoint = refusedBy });
            return;
        }

        if (primary.EndpointText == refusedBy)
        {
            // No endpoint says primary yet (a failover in progress): wait a little before the next try.
            var delay = Math.Min(MaxRetryDelay.TotalMilliseconds, 20 * Math.Pow(2, command.Redirected!.Hops));
            await Task.Delay(TimeSpan.FromMilliseconds(delay)).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            command.Abandon(new RedisConnectionException($"{command.Command.Name} was not sent again: the client was disposed.", CommandOutcome.NotSent) { Command = command.Command.Name });
            return;
        }

        primary.Enqueue(command, CancellationToken.None);
    }

    /// <summary>The primary after <paramref name="refusedBy"/> answered READONLY: one ROLE round over the endpoints at a time.</summary>
    private Task<RedisNode> RelocateAsync(string refusedBy)
    {
        lock (_relocateLock)
        {
            if (_seed.EndpointText != refusedBy)
            {
                return Task.FromResult(_seed); // already moved on
            }

            if (_relocation is { IsCompleted: false } running)
            {
                return running;
            }

            _relocation = BackgroundWork.Run(() => RelocateCoreAsync(_seed));
            return _relocation;
        }
    }

    private async Task<RedisNode> RelocateCoreAsync(RedisNode demoted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var primary = await FindPrimaryByRoleAsync(demoted, timeout.Token).ConfigureAwait(false);
        if (ReferenceEquals(primary, demoted))
        {
            return demoted;
        }

        lock (_nodesLock)
        {
            _seed = primary;
            PublishNodes();
        }

        Changed?.Invoke();
        if (_factory.Events.WantsTopologyChanges)
        {
            _factory.Events.OnTopologyChanged(new TopologyChangedEventArgs(TopologyChangeKind.PrimaryChanged, [], [], demoted.EndpointText, primary.EndpointText));
        }

        return primary;
    }
}
