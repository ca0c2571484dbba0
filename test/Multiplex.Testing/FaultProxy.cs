using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Multiplex.Testing.Proxy;

namespace Multiplex.Testing;

/// <summary>
/// An in-process TCP proxy on a free loopback port that forwards to one server and injects faults:
/// delay, splitting into small segments, black-holing, dropping connections, refusing new ones and
/// writing extra bytes to clients. Settings apply to every connection from the next chunk on.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<ProxyConnection, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _totalConnections;
    private long _delayTicks;
    private int _splitSize;
    private volatile bool _blackHole;
    private volatile bool _refuseNewConnections;
    private int _disposed;
    private long _forwardedWrites;

    private FaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><c>127.0.0.1:{Port}</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Delay before forwarding each chunk, both directions; zero (default) for none.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _delayTicks));
        set => Volatile.Write(ref _delayTicks, value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value)) : value.Ticks);
    }

    /// <summary>Forward in segments of at most this many bytes, each sent separately; null (default) for whole chunks.</summary>
    public int? SplitSize
    {
        get => Volatile.Read(ref _splitSize) is var size and > 0 ? size : null;
        set => Volatile.Write(ref _splitSize, value is <= 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : value ?? 0);
    }

    /// <summary>While on, sockets stay open but nothing is forwarded in either direction; what arrives is discarded.</summary>
    public bool BlackHole
    {
        get => _blackHole;
        set => _blackHole = value;
    }

    /// <summary>While on, new connections are accepted and closed at once with a reset.</summary>
    public bool RefuseNewConnections
    {
        get => _refuseNewConnections;
        set => _refuseNewConnections = value;
    }

    /// <summary>Connections open now.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Connections forwarded since start (refused ones are not counted).</summary>
    public int TotalConnections => Volatile.Read(ref _totalConnections);

    /// <summary>Socket writes made to forward traffic, both directions (with <see cref="SplitSize"/>, one per segment).</summary>
    public long ForwardedWrites => Interlocked.Read(ref _forwardedWrites);

    internal void CountWrite() => Interlocked.Increment(ref _forwardedWrites);

    /// <summary>Starts a proxy to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static Task<FaultProxy> StartAsync(string targetHost, int targetPort, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var proxy = new FaultProxy(targetHost, targetPort);
        proxy._listener.Start();
        proxy._acceptLoop = Task.Run(proxy.AcceptLoopAsync, CancellationToken.None);
        return Task.FromResult(proxy);
    }

    /// <summary>Aborts every current connection (with a reset where possible); new ones are still accepted.</summary>
    public void DropAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    /// <summary>Writes <paramref name="bytes"/> into every current server-to-client stream, between forwarded chunks.</summary>
    public Task InjectToClientsAsync(ReadOnlyMemory<byte> bytes) =>
        Task.WhenAll(_connections.Keys.Select(connection => connection.InjectToClientAsync(bytes)));

    /// <summary>Stops listening, aborts every connection and waits for all loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        _listener.Stop();
        DropAll();
        await _acceptLoop;
        await Task.WhenAll(_connections.Values);
        _shutdown.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                continue;
            }

            await ConnectAsync(client, token);
        }
    }

    private async Task ConnectAsync(Socket client, CancellationToken token)
    {
        client.NoDelay = true;
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (_refuseNewConnections)
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            await server.ConnectAsync(_targetHost, _targetPort, token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            client.LingerState = new LingerOption(enable: true, seconds: 0);
            client.Dispose();
            server.Dispose();
            return;
        }

        Interlocked.Increment(ref _totalConnections);
        var connection = new ProxyConnection(this, client, server, token);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[connection] = Task.Run(async () =>
        {
            await gate.Task;
            await connection.RunAsync();
            _connections.TryRemove(connection, out _);
        }, CancellationToken.None);
        gate.SetResult();
    }
}
