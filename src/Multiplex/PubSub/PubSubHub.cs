using System.Buffers;
using Microsoft.Extensions.Logging;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.PubSub;

/// <summary>
/// A client's subscriptions: which connection carries them (the node's subscription connection: its
/// first shared connection under RESP3, where they ride as push frames; under RESP2 a subscriber
/// connection of the node's own, opened on the first subscribe), the reference-counted registry, and
/// the resubscribe written first on every reconnect.
/// </summary>
/// <remarks>
/// Subscription changes are serialized by one async gate: the registry change, the server command and
/// its confirmation happen as one step, so under any churn the server's subscriptions end up equal to
/// the names the registry holds. The reconnect preamble does not take the gate (a change in progress
/// may be waiting for that very reconnect); it resubscribes what the registry holds at that moment, and
/// any change queued meanwhile is written after it, so the last command per name still wins.
/// </remarks>
internal sealed class PubSubHub : IAsyncDisposable
{
    // Shard channels hash like keys: SSUBSCRIBE and SUNSUBSCRIBE are routed by their channels' slot.
    private static readonly CommandSpec[] SubscribeTokens =
        [CommandSpec.Other("SUBSCRIBE"), CommandSpec.Other("PSUBSCRIBE"), CommandSpec.Other("SSUBSCRIBE", null, KeySpec.All)];

    private static readonly CommandSpec[] UnsubscribeTokens =
        [CommandSpec.Other("UNSUBSCRIBE"), CommandSpec.Other("PUNSUBSCRIBE"), CommandSpec.Other("SUNSUBSCRIBE", null, KeySpec.All)];

    private readonly SubscriptionRegistry _registry = new();

    /// <summary>SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE.</summary>
    public static CommandSpec SubscribeToken(SubscriptionKind kind) => SubscribeTokens[(int)kind];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RedisClientOptions _options;
    private readonly Func<RedisNode> _node;
    private readonly ILogger _logger;
    private Connection? _connection;
    private volatile bool _disposed;

    public PubSubHub(RedisClientOptions options, Func<RedisNode> node, ILogger logger)
    {
        _options = options;
        _node = node;
        _logger = logger;
    }

    /// <summary>The local subscriptions.</summary>
    public SubscriptionRegistry Registry => _registry;

    /// <summary>The connection carrying the subscriptions, once the first subscribe chose it.</summary>
    public Connection? Connection => Volatile.Read(ref _connection);

    /// <summary>
    /// The push handler of every connection that may carry subscriptions (runs on the reader loop):
    /// messages go to their subscriptions and are consumed; confirmations answer the in-flight head.
    /// </summary>
    /// <returns>True when the frame answers the in-flight head.</returns>
    public bool OnPush(ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        if (!PushParser.TryParse(ref reader, out var push))
        {
            // An unknown RESP3 push is ignored; an array on a RESP2 subscriber connection is a reply (PING).
            return reader.Prefix != RespPrefix.Push;
        }

        if (push.IsSubscriptionChange)
        {
            return true;
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
            var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
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
                await SendAsync(connection, SubscribeTokens[(int)kind], added, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Undo, still under the gate: whatever reached the server is unsubscribed after it.
                await RemoveAsync(connection, subscription).ConfigureAwait(false);
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

    /// <summary>Closes every subscription (their enumerations end); the node closes the connections.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
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
            if (Connection is { } connection && !_disposed)
            {
                await RemoveAsync(connection, subscription).ConfigureAwait(false);
            }
            else
            {
                lock (_registry.SyncRoot)
                {
                    _registry.Remove(subscription);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes a subscription and unsubscribes the names it was the last to hold. Hold the gate.</summary>
    private async Task RemoveAsync(Connection connection, RedisSubscription subscription)
    {
        List<RedisValue> removed;
        lock (_registry.SyncRoot)
        {
            removed = _registry.Remove(subscription);
        }

        if (removed.Count == 0)
        {
            return;
        }

        try
        {
            await SendAsync(connection, UnsubscribeTokens[(int)subscription.Kind], removed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // Lost connection or timeout: a reconnect resubscribes only what the registry holds, and a
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

    /// <summary>The connection that carries subscriptions, chosen (and under RESP2 opened) on first use. Hold the gate.</summary>
    private async Task<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } chosen)
        {
            return chosen;
        }

        var connection = await _node().GetSubscriptionConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.ReconnectPreamble = Resubscribe;
        Volatile.Write(ref _connection, connection);
        return connection;
    }

    /// <summary>
    /// The reconnect preamble: one variadic SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE with every name held;
    /// once all are confirmed, each live subscription is told it was restored.
    /// </summary>
    private List<PendingCommand> Resubscribe()
    {
        var commands = new List<SubscriptionCommand>();
        foreach (var kind in (ReadOnlySpan<SubscriptionKind>)[SubscriptionKind.Channel, SubscriptionKind.Pattern, SubscriptionKind.Shard])
        {
            var names = _registry.Names(kind);
            if (names.Count > 0)
            {
                commands.Add(new SubscriptionCommand(SubscribeTokens[(int)kind], names, _options.CommandTimeout));
            }
        }

        if (commands.Count > 0)
        {
            _ = AnnounceRestoredAsync(commands, _registry.All());
        }

        return [.. commands];
    }

    private async Task AnnounceRestoredAsync(List<SubscriptionCommand> commands, List<RedisSubscription> subscriptions)
    {
        try
        {
            await Task.WhenAll(commands.Select(command => command.Completion)).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // The new session failed too; the next one resubscribes again.
            Diagnostics.Log.ResubscribeFailed(_logger, commands[0].Endpoint ?? "(unknown)", ex.Message);
            return;
        }

        var restoredAt = DateTimeOffset.UtcNow;
        Diagnostics.Log.Resubscribed(_logger, commands[0].Endpoint ?? "(unknown)", subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            if (!subscription.IsDisposed)
            {
                subscription.OnRestored(restoredAt);
            }
        }
    }
}
