using System.Diagnostics;
using System.Net.Sockets;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// Subscriptions to <c>+switch-master</c> on every sentinel of a group, opened before a failover or a
/// kill so that the first announcement of the new primary is seen: each message is stamped with
/// <see cref="Stopwatch.GetTimestamp"/> as it is read. The payload is
/// <c>&lt;master-name&gt; &lt;old-ip&gt; &lt;old-port&gt; &lt;new-ip&gt; &lt;new-port&gt;</c>.
/// A subscription that breaks before the watch is disposed is reported by the next query, never
/// swallowed. Spec: https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/ ("Pub/Sub messages").
/// </summary>
internal sealed class SentinelWatch : IAsyncDisposable
{
    private const string Channel = "+switch-master";

    // A subscription confirmation comes back in one round trip; this only keeps a stuck sentinel from
    // holding the fixture.
    private static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly string _masterName;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RawRespConnection> _connections = [];
    private readonly List<Task> _listeners = [];
    private readonly Lock _lock = new();
    private readonly List<(string NewEndpoint, long At)> _switches = [];
    private Exception? _failure;
    private int _disposed;

    private SentinelWatch(string masterName) => _masterName = masterName;

    /// <summary>Subscribes on every sentinel and returns once each has confirmed the subscription.</summary>
    public static async Task<SentinelWatch> StartAsync(
        IReadOnlyList<RedisSentinel> sentinels, string masterName, CancellationToken cancellationToken)
    {
        var watch = new SentinelWatch(masterName);
        try
        {
            foreach (var sentinel in sentinels)
            {
                await watch.SubscribeAsync(sentinel, cancellationToken);
            }

            return watch;
        }
        catch
        {
            await watch.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// When a sentinel first announced <paramref name="newEndpoint"/> (<c>host:port</c>) as the primary,
    /// or null when none has yet; throws when a subscription broke.
    /// </summary>
    public long? FirstSwitchTo(string newEndpoint)
    {
        lock (_lock)
        {
            if (_failure is not null)
            {
                throw new InvalidOperationException(_failure.Message, _failure);
            }

            return _switches.Where(entry => entry.NewEndpoint == newEndpoint).Select(entry => (long?)entry.At).Min();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (checking every 10 ms) for the first announcement of
    /// <paramref name="newEndpoint"/>; returns its moment, or null when none came in time.
    /// </summary>
    public async Task<long?> WaitForSwitchToAsync(string newEndpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (FirstSwitchTo(newEndpoint) is { } at)
            {
                return at;
            }

            if (stopwatch.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Ends the subscriptions and closes their connections; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        // The listeners end on the cancellation or the closed socket and catch what that throws.
        await Task.WhenAll(_listeners);
        _stop.Dispose();
    }

    private async Task SubscribeAsync(RedisSentinel sentinel, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SubscribeTimeout);
        var connection = await RawRespConnection.ConnectAsync(sentinel.Host, sentinel.Port, timeout.Token);
        _connections.Add(connection);
        await connection.SendAsync(["SUBSCRIBE", Channel], timeout.Token);
        var confirmation = await RespReply.ReadAsync(connection, timeout.Token);
        if (confirmation.Items is not [{ Text: "subscribe" }, { Text: Channel }, ..])
        {
            throw new InvalidOperationException($"{sentinel.Name} did not confirm SUBSCRIBE {Channel}: {Describe(confirmation)}");
        }

        _listeners.Add(ListenAsync(sentinel, connection));
    }

    private async Task ListenAsync(RedisSentinel sentinel, RawRespConnection connection)
    {
        try
        {
            while (true)
            {
                var message = await RespReply.ReadAsync(connection, _stop.Token);
                var at = Stopwatch.GetTimestamp();
                if (message.Items is [{ Text: "message" }, { Text: Channel }, { Text: { } payload }])
                {
                    Record(payload, at);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException
            or ObjectDisposedException or InvalidDataException)
        {
            if (!_stop.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _failure ??= new InvalidOperationException(
                        $"{sentinel.Name}: the {Channel} subscription broke: {exception.Message}", exception);
                }
            }
        }
    }

    private void Record(string payload, long at)
    {
        var fields = payload.Split(' ');
        if (fields is [var name, _, _, var newHost, var newPort] && name == _masterName)
        {
            lock (_lock)
            {
                _switches.Add(($"{newHost}:{newPort}", at));
            }
        }
    }

    private static string Describe(RespReply reply) =>
        reply.Text ?? "[" + string.Join(", ", reply.Items.Select(item => item.Text ?? "…")) + "]";
}
