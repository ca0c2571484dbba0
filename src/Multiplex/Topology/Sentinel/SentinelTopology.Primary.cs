using Multiplex.Connections;
using Multiplex.Diagnostics;

namespace Multiplex.Topology.Sentinel;

/// <summary>
/// The primary: commands go to it, or wait (parked, within their timeout) while there is none or the one
/// in use answered READONLY; a switch makes a node for the new primary, sends the parked commands there,
/// and retires the old one without writing anything more to it.
/// </summary>
internal sealed partial class SentinelTopology
{
    // READONLY re-sends per command before its caller sees the error: a primary that keeps refusing is not one.
    private const int MaxReadOnlyResends = 5;

    private readonly List<PendingCommand> _parked = [];

    /// <inheritdoc />
    public bool TryRedirect(PendingCommand command, in System.Buffers.ReadOnlySequence<byte> errorFrame)
    {
        var reader = new Protocol.RespReader(errorFrame);
        reader.TryMoveNext();
        var message = reader.ReadString() ?? string.Empty;
        if (ServerErrorParser.Classify(message, out _) != ServerErrorKind.ReadOnly)
        {
            return false;
        }

        // A write refused with READONLY did not run: the server was demoted. It waits for the new primary.
        var history = command.Redirected ??= new Cluster.RedirectHistory();
        var from = command.Endpoint ?? "(unknown)";
        history.NodesTried.Add(from);
        if (++history.Hops > MaxReadOnlyResends)
        {
            return false;
        }

        Log.SentinelReadOnly(_logger, from, command.Command.Name, _service);
        command.PrepareResend();
        lock (_lock)
        {
            if (_primary is { } primary && primary.EndpointText != from)
            {
                primary.Enqueue(command, CancellationToken.None);
                return true;
            }

            Park(command);
        }

        RequestDiscovery();
        return true;
    }

    private void SendToPrimary(PendingCommand command, CancellationToken cancellationToken)
    {
        RedisNode? primary;
        lock (_lock)
        {
            primary = _primary;
            if (primary is null || _holding)
            {
                // No primary yet, or a failover is promoting a replica: the command waits for it, or in
                // fail-fast mode fails at once.
                if (_options.WhileDisconnected == DisconnectedBehavior.FailFast)
                {
                    var why = primary is null ? "the sentinels have not named the primary of " + _service + " yet" : "a failover of " + _service + " is promoting a replica";
                    command.Abandon(new RedisConnectionException(
                        $"{command.Command.Name} was not sent: {why} and the client is in fail-fast mode.", CommandOutcome.NotSent)
                    { Command = command.Command.Name });
                    return;
                }

                command.RegisterCancellation(cancellationToken);
                Park(command);
                return;
            }
        }

        primary.Enqueue(command, cancellationToken);
    }

    /// <summary>Holds a command until there is a primary to send it to. Hold the lock.</summary>
    private void Park(PendingCommand command)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            command.Abandon(new RedisConnectionException($"{command.Command.Name} was not sent: the client is disposed.", CommandOutcome.NotSent) { Command = command.Command.Name });
            return;
        }

        _parked.Add(command);
    }

    /// <summary>Times out parked commands past their deadline (the discovery loop calls this).</summary>
    private void ExpireParked()
    {
        List<PendingCommand>? expired = null;
        var now = Environment.TickCount64;
        lock (_lock)
        {
            for (var i = _parked.Count - 1; i >= 0; i--)
            {
                var command = _parked[i];
                if (command.IsCallerCompleted || now >= command.DeadlineMilliseconds)
                {
                    (expired ??= []).Add(command);
                    _parked.RemoveAt(i);
                }
            }
        }

        foreach (var command in expired ?? [])
        {
            command.Abandon(command.IsCallerCompleted ? null : new RedisTimeoutException(
                $"{command.Command.Name} timed out after {command.TimeoutMilliseconds} ms (not sent): no primary of {_service} was reachable; the sentinels are being asked.",
                CommandOutcome.NotSent)
            { Command = command.Command.Name, Endpoint = command.Endpoint });
        }
    }

    private void ResendParkedTo(RedisNode primary)
    {
        List<PendingCommand> parked;
        lock (_lock)
        {
            if (_parked.Count == 0 || !ReferenceEquals(_primary, primary))
            {
                return;
            }

            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (var command in parked)
        {
            primary.Enqueue(command, CancellationToken.None);
        }
    }

    private void FailParked(string why)
    {
        List<PendingCommand> parked;
        lock (_lock)
        {
            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (var command in parked)
        {
            command.Abandon(new RedisConnectionException($"{command.Command.Name} was not sent: {why}.", CommandOutcome.NotSent) { Command = command.Command.Name });
        }
    }

    /// <summary>
    /// Makes <paramref name="node"/> (connected, confirmed primary by ROLE or announced by the sentinels)
    /// the primary: parked commands go to it, subscriptions follow (<see cref="Changed"/>), and the old
    /// primary writes nothing more; what it had written is answered or fails, what it had queued comes here.
    /// </summary>
    private void SwitchTo(RedisNode node, string reason)
    {
        RedisNode? old;
        List<PendingCommand> parked;
        lock (_lock)
        {
            if (Volatile.Read(ref _disposed) != 0 || _primary?.Endpoint == node.Endpoint)
            {
                // Disposed meanwhile, or the same primary found twice (a sentinel's answer and an announcement).
                if (!ReferenceEquals(_primary, node))
                {
                    _ = node.DisposeAsync().AsTask();
                }

                return;
            }

            old = _primary;
            _primary = node;
            _holding = false;

            // A replica promoted to primary leaves the replicas (its node said nothing READONLY, but its
            // role changed): the next refresh lists the others, the old primary among them once demoted.
            var promoted = _replicas.Where(replica => replica.Endpoint == node.Endpoint).ToArray();
            _replicas = [.. _replicas.Except(promoted)];
            _retiring.AddRange(promoted);
            foreach (var replica in promoted)
            {
                _ = RetireAsync(replica, stopWriting: false);
            }

            Volatile.Write(ref _nodes, [node, .. _replicas]);
            Volatile.Write(ref _replicasRefreshedAt, 0);
            parked = [.. _parked];
            _parked.Clear();
            if (old is not null)
            {
                _retiring.Add(old);
            }
        }

        if (old is null)
        {
            Log.SentinelPrimaryFound(_logger, reason, node.EndpointText, _service);
        }
        else
        {
            Log.SentinelSwitched(_logger, _service, old.EndpointText, node.EndpointText, reason);
            _ = RetireAsync(old);
        }

        foreach (var command in parked)
        {
            node.Enqueue(command, CancellationToken.None);
        }

        _ready.TrySetResult();
        Changed?.Invoke();
        if (_factory.Events.WantsTopologyChanges)
        {
            _factory.Events.OnTopologyChanged(new TopologyChangedEventArgs(
                TopologyChangeKind.PrimaryChanged, [node.EndpointText], old is null ? [] : [old.EndpointText], old?.EndpointText, node.EndpointText));
        }
    }

    /// <summary>
    /// Closes a node the topology no longer uses: a replaced primary writes nothing more from the call on
    /// (<paramref name="stopWriting"/>); a replica no longer listed finishes what it holds first.
    /// </summary>
    private async Task RetireAsync(RedisNode node, bool stopWriting = true)
    {
        try
        {
            await node.RetireAsync(Reroute, _options.CommandTimeout, stopWriting).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _retiring.Remove(node);
            }
        }
    }

    /// <summary>Sends a command a retired primary never wrote to the primary now in use.</summary>
    private bool Reroute(PendingCommand command)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        lock (_lock)
        {
            if (_primary is { } primary)
            {
                primary.Enqueue(command, CancellationToken.None);
            }
            else
            {
                Park(command);
            }
        }

        return true;
    }
}
