using System.Buffers;
using Microsoft.Extensions.Logging;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.PubSub;

/// <summary>
/// A client's subscriptions: the reference-counted registry, and where the server holds each name.
/// Every name has a home node (<see cref="PubSubHub.TargetsOf"/>): channels and patterns one node of
/// the deployment, shard channels the primary owning their slot, keyspace notifications every primary.
/// A node's subscription connection is its first shared connection under RESP3 (subscriptions ride as
/// push frames), or under RESP2 a subscriber connection of its own, opened on first use.
/// </summary>
/// <remarks>
/// Subscription changes are serialized by one async gate: the registry change, the server commands and
/// their confirmations happen as one step, so under any churn the server's subscriptions end up equal to
/// the names the registry holds. The reconnect preamble does not take the gate (a change in progress
/// may be waiting for that very reconnect); it resubscribes what its node holds at that moment, and any
/// change queued meanwhile is written after it, so the last command per name still wins. When a cluster
/// changes (a slot moves, a node is retired, the server ends a shard subscription on its own), names
/// are moved to their new home in the background and their subscriptions raise <c>Restored</c>.
/// </remarks>
internal sealed partial class PubSubHub : IAsyncDisposable
{
    // Shard channels hash like keys: SSUBSCRIBE and SUNSUBSCRIBE are routed by their channels' slot.
    private static readonly CommandSpec[] SubscribeTokens =
        [CommandSpec.Other("SUBSCRIBE"), CommandSpec.Other("PSUBSCRIBE"), CommandSpec.Other("SSUBSCRIBE", null, KeySpec.All)];

    private static readonly CommandSpec[] UnsubscribeTokens =
        [CommandSpec.Other("UNSUBSCRIBE"), CommandSpec.Other("PUNSUBSCRIBE"), CommandSpec.Other("SUNSUBSCRIBE", null, KeySpec.All)];

    private readonly SubscriptionRegistry _registry = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RedisClientOptions _options;
    private readonly ILogger _logger;
    private readonly ClientEvents _events;
    private volatile bool _disposed;

    public PubSubHub(RedisClientOptions options, ILogger logger, ClientEvents? events = null)
    {
        _options = options;
        _logger = logger;
        _events = events ?? new ClientEvents();
    }

    /// <summary>SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE.</summary>
    public static CommandSpec SubscribeToken(SubscriptionKind kind) => SubscribeTokens[(int)kind];

    /// <summary>The local subscriptions.</summary>
    public SubscriptionRegistry Registry => _registry;

    /// <summary>
    /// The push handler of every connection that may carry subscriptions (runs on the reader loop):
    /// messages go to their subscriptions and are consumed; a confirmation answers the in-flight head
    /// when the head is waiting for it, and is otherwise the server ending a subscription on its own.
    /// </summary>
    /// <returns>True when the frame answers the in-flight head.</returns>
    public bool OnPush(Connection connection, in ReadOnlySequence<byte> frame, InFlightQueue inFlight)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();

        // Read before parsing, which moves the reader into the frame.
        var isPush = reader.Prefix == RespPrefix.Push;
        if (!PushParser.TryParse(ref reader, out var push))
        {
            // An unknown RESP3 push is a maintenance notification (reported when someone listens) or
            // ignored; an array on a RESP2 subscriber connection is a reply (PING).
            if (!isPush)
            {
                return true;
            }

            if (_events.WantsMaintenanceNotifications && MaintenanceNotificationParser.TryParse(frame, connection.EndpointText, connection.Kind) is { } notification)
            {
                _events.OnMaintenanceNotification(notification);
            }

            return false;
        }

        if (push.IsSubscriptionChange)
        {
            if (inFlight.TryPeek(out var head) && head is SubscriptionCommand command && command.Expects(push))
            {
                return true;
            }

            OnServerUnsubscribed(connection, push);
            return false;
        }

        if (push.Kind is PushKind.Message or PushKind.PatternMessage or PushKind.ShardMessage)
        {
            // A message for a name with no local subscription (just unsubscribed) is dropped here.
            _registry.Route(push);
        }

        return false;
    }

    /// <summary>Subscribes; returns once the server confirmed every name that was new.</summary>
    public async Task<RedisSubscription> SubscribeAsync(SubscriptionKind kind, IReadOnlyList<RedisValue> names, SubscriptionOptions options, CancellationToken cancellationToken)
    {
        var subscription = new RedisSubscription(kind, names, options, UnsubscribeAsync);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(RedisClient));
            List<RedisValue> added;
            lock (_registry.SyncRoot)
            {
                added = _registry.Add(subscription);
            }

            if (added.Count == 0)
            {
                return subscription;
            }

            try
            {
                if (_topology is { Primaries.Count: 0 } topology)
                {
                    // No server known yet (Sentinel has not named the primary): subscribe once there is one.
                    await topology.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                await PlaceAsync(kind, added, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Undo, still under the gate: whatever reached the server is unsubscribed after it.
                await RemoveAsync(subscription).ConfigureAwait(false);
                subscription.Close(null);
                if (ex is OperationCanceledException || ex is RedisException)
                {
                    throw;
                }

                throw new RedisException($"Subscribing to {names.Count} {kind} name(s) failed: {ex.Message}", ex);
            }

            return subscription;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes every subscription (their enumerations end); the nodes close the connections.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_topology is { } topology)
        {
            topology.Changed -= OnTopologyChanged;
        }

        foreach (var subscription in _registry.All())
        {
            subscription.Close(null);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask UnsubscribeAsync(RedisSubscription subscription)
    {
        // No token: disposing finishes. The wait is bounded by the command timeout.
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await RemoveAsync(subscription).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes a subscription and unsubscribes, where they are held, the names it was the last to hold. Hold the gate.</summary>
    private async Task RemoveAsync(RedisSubscription subscription)
    {
        List<RedisValue> removed;
        lock (_registry.SyncRoot)
        {
            removed = _registry.Remove(subscription);
        }

        if (removed.Count == 0 || _disposed)
        {
            return;
        }

        var kind = subscription.Kind;
        var sends = new List<Task>();
        foreach (var home in Homes())
        {
            List<RedisValue> held;
            lock (_homesLock)
            {
                held = [.. removed.Where(name => home.Remove(kind, name))];
            }

            foreach (var names in BySlot(kind, held))
            {
                sends.Add(UnsubscribeAsync(home.Connection, kind, names));
            }
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    /// <summary>Sends an unsubscribe; a failure is logged, not thrown.</summary>
    private async Task UnsubscribeAsync(Connection connection, SubscriptionKind kind, List<RedisValue> names)
    {
        try
        {
            await SendAsync(connection, UnsubscribeTokens[(int)kind], names, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // Lost connection or timeout: a reconnect resubscribes only what the node holds, and a
            // command already written still runs; either way the server ends without these names.
            Diagnostics.Log.UnsubscribeFailed(_logger, connection.EndpointText, ex.Message);
        }
    }

    private async Task SendAsync(Connection connection, CommandSpec command, List<RedisValue> names, CancellationToken cancellationToken)
    {
        var pending = new SubscriptionCommand(command, names, _options.CommandTimeout);
        connection.Enqueue(pending, CancellationToken.None);
        await pending.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
