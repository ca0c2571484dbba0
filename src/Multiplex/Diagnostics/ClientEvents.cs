using System.Threading.Channels;
using Multiplex.Connections;

namespace Multiplex.Diagnostics;

/// <summary>
/// A client's events and the one queue they are delivered through. The places that raise them (reader,
/// writer and reconnect loops, topology reloads, the handshake) only check that someone listens, build
/// the arguments and queue them; one background task calls the handlers, in the order raised, so no
/// handler runs on a connection's loops or holds up recovery, and one that throws is skipped. Shared by a
/// client, its views, the clients of its other databases and the clients of its sentinels.
/// </summary>
internal sealed class ClientEvents : IAsyncDisposable
{
    // Events waiting for their handlers beyond this many are dropped (and counted): a handler that blocks
    // must not make the client hold an unbounded number of them.
    private const int QueueCapacity = 1024;

    private readonly Lock _subscribing = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<EventArgs> _queue = Channel.CreateBounded<EventArgs>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then refuses instead of waiting: the event is counted as dropped
        AllowSynchronousContinuations = false,
    });

    private Task? _dispatcher;
    private long _dropped;

    public EventHandler<ConnectedEventArgs>? Connected;
    public EventHandler<ConnectionFailedEventArgs>? ConnectionFailed;
    public EventHandler<ReconnectedEventArgs>? Reconnected;
    public EventHandler<ReauthenticatedEventArgs>? Reauthenticated;
    public EventHandler<ReauthenticationFailedEventArgs>? ReauthenticationFailed;
    public EventHandler<TopologyChangedEventArgs>? TopologyChanged;
    public EventHandler<MaintenanceNotificationEventArgs>? MaintenanceNotification;
    public EventHandler<ClientErrorEventArgs>? Error;

    /// <summary>The sender handlers are given: the client the application made.</summary>
    public object Sender { get; set; } = null!;

    /// <summary>Events dropped because <see cref="QueueCapacity"/> were already waiting for slow handlers.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Whether anyone listens to maintenance notifications (parsing them costs nothing otherwise).</summary>
    public bool WantsMaintenanceNotifications => Volatile.Read(ref MaintenanceNotification) is not null;

    /// <summary>Adds <paramref name="handler"/> to <paramref name="handlers"/> and starts the dispatcher if it has not started.</summary>
    public void Add<THandler>(ref THandler? handlers, THandler? handler)
        where THandler : Delegate
    {
        lock (_subscribing)
        {
            Volatile.Write(ref handlers, (THandler?)Delegate.Combine(handlers, handler));
            if (_dispatcher is null && !_stopping.IsCancellationRequested)
            {
                _dispatcher = BackgroundWork.Run(DispatchAsync);
            }
        }
    }

    /// <summary>Removes <paramref name="handler"/> from <paramref name="handlers"/>.</summary>
    public void Remove<THandler>(ref THandler? handlers, THandler? handler)
        where THandler : Delegate
    {
        lock (_subscribing)
        {
            Volatile.Write(ref handlers, (THandler?)Delegate.Remove(handlers, handler));
        }
    }

    public void OnConnected(string endpoint, ConnectionKind kind, HandshakeResult handshake)
    {
        if (Volatile.Read(ref Connected) is not null)
        {
            Queue(new ConnectedEventArgs(endpoint, kind, handshake.Protocol, handshake.ServerVersion));
        }
    }

    public void OnConnectionFailed(string endpoint, ConnectionKind kind, Exception error, int attempt)
    {
        if (Volatile.Read(ref ConnectionFailed) is not null)
        {
            Queue(new ConnectionFailedEventArgs(endpoint, kind, error, attempt));
        }
    }

    public void OnReconnected(string endpoint, ConnectionKind kind, int attempts, TimeSpan downtime)
    {
        if (Volatile.Read(ref Reconnected) is not null)
        {
            Queue(new ReconnectedEventArgs(endpoint, kind, attempts, downtime));
        }
    }

    public void OnReauthenticated(string endpoint, ConnectionKind kind)
    {
        if (Volatile.Read(ref Reauthenticated) is not null)
        {
            Queue(new ReauthenticatedEventArgs(endpoint, kind));
        }
    }

    public void OnReauthenticationFailed(string endpoint, ConnectionKind kind, Exception error)
    {
        if (Volatile.Read(ref ReauthenticationFailed) is not null)
        {
            Queue(new ReauthenticationFailedEventArgs(endpoint, error, kind));
        }
    }

    /// <summary>Whether anyone listens to topology changes: the arguments (lists of endpoints) are built only then.</summary>
    public bool WantsTopologyChanges => Volatile.Read(ref TopologyChanged) is not null;

    public void OnTopologyChanged(TopologyChangedEventArgs args)
    {
        if (WantsTopologyChanges)
        {
            Queue(args);
        }
    }

    public void OnMaintenanceNotification(MaintenanceNotificationEventArgs args)
    {
        if (WantsMaintenanceNotifications)
        {
            Queue(args);
        }
    }

    public void OnError(string? endpoint, ConnectionKind? kind, string activity, Exception error)
    {
        if (Volatile.Read(ref Error) is not null)
        {
            Queue(new ClientErrorEventArgs(endpoint, kind, activity, error));
        }
    }

    /// <summary>
    /// Stops delivering: events still queued are dropped, a handler running now is waited for (unless this
    /// is called from a handler, which would wait for itself), and no handler runs afterwards.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task? dispatcher;
        lock (_subscribing)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            _queue.Writer.TryComplete();
            dispatcher = _dispatcher;
        }

        if (dispatcher is not null && !t_dispatching)
        {
            await dispatcher.ConfigureAwait(false);
        }
    }

    [ThreadStatic]
    private static bool t_dispatching;

    private void Queue(EventArgs args)
    {
        if (!_queue.Writer.TryWrite(args) && !_stopping.IsCancellationRequested)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task DispatchAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (!_stopping.IsCancellationRequested && reader.TryRead(out var args))
                {
                    t_dispatching = true;
                    try
                    {
                        Deliver(args);
                    }
                    finally
                    {
                        t_dispatching = false;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private void Deliver(EventArgs args)
    {
        switch (args)
        {
            case ConnectedEventArgs connected:
                EventHandlers.RaiseEach(Volatile.Read(ref Connected), Sender, connected);
                break;
            case ConnectionFailedEventArgs failed:
                EventHandlers.RaiseEach(Volatile.Read(ref ConnectionFailed), Sender, failed);
                break;
            case ReconnectedEventArgs reconnected:
                EventHandlers.RaiseEach(Volatile.Read(ref Reconnected), Sender, reconnected);
                break;
            case ReauthenticatedEventArgs reauthenticated:
                EventHandlers.RaiseEach(Volatile.Read(ref Reauthenticated), Sender, reauthenticated);
                break;
            case ReauthenticationFailedEventArgs refused:
                EventHandlers.RaiseEach(Volatile.Read(ref ReauthenticationFailed), Sender, refused);
                break;
            case TopologyChangedEventArgs changed:
                EventHandlers.RaiseEach(Volatile.Read(ref TopologyChanged), Sender, changed);
                break;
            case MaintenanceNotificationEventArgs notification:
                EventHandlers.RaiseEach(Volatile.Read(ref MaintenanceNotification), Sender, notification);
                break;
            case ClientErrorEventArgs error:
                EventHandlers.RaiseEach(Volatile.Read(ref Error), Sender, error);
                break;
        }
    }
}
