using System.Net.Sockets;

namespace Multiplex.Testing.Proxy;

/// <summary>
/// One client connection through a <see cref="FaultProxy"/>: two pumps (client to server, server to
/// client) that apply the proxy's current faults to every chunk they forward. Writes towards the
/// client hold a lock for a whole chunk so injected bytes land between chunks, never inside one.
/// </summary>
internal sealed class ProxyConnection
{
    // One read's worth; the size only bounds a chunk and has no protocol meaning.
    private const int BufferSize = 16 * 1024;

    private readonly FaultProxy _proxy;
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly SemaphoreSlim _toClientLock = new(1, 1);
    private readonly CancellationTokenSource _closed;
    private int _aborted;

    public ProxyConnection(FaultProxy proxy, Socket client, Socket server, CancellationToken shutdown)
    {
        _proxy = proxy;
        _client = client;
        _server = server;
        _closed = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    }

    /// <summary>Runs both pumps until both directions have ended, then closes both sockets.</summary>
    public async Task RunAsync()
    {
        var token = _closed.Token;
        await Task.WhenAll(
            Task.Run(() => PumpAsync(_client, _server, writeLock: null, token), CancellationToken.None),
            Task.Run(() => PumpAsync(_server, _client, _toClientLock, token), CancellationToken.None));
        Abort();
        _closed.Dispose();
    }

    /// <summary>Writes <paramref name="bytes"/> to the client between two forwarded chunks.</summary>
    public async Task InjectToClientAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _toClientLock.WaitAsync(_closed.Token);
            try
            {
                await _client.SendAsync(bytes, SocketFlags.None, _closed.Token);
            }
            finally
            {
                _toClientLock.Release();
            }
        }
        catch (Exception exception) when (IsConnectionEnd(exception))
        {
            // The connection is closing; there is no client left to inject into.
        }
    }

    /// <summary>Closes both sockets at once, with a reset (linger 0) so the peers see an abort.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        foreach (var socket in new[] { _client, _server })
        {
            try
            {
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }
            catch (Exception exception) when (IsConnectionEnd(exception))
            {
            }

            socket.Dispose();
        }
    }

    private async Task PumpAsync(Socket source, Socket destination, SemaphoreSlim? writeLock, CancellationToken token)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await source.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0)
                {
                    if (!_proxy.BlackHole)
                    {
                        destination.Shutdown(SocketShutdown.Send);
                    }

                    return;
                }

                if (_proxy.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(_proxy.Delay, token);
                }

                if (_proxy.BlackHole)
                {
                    continue;
                }

                await ForwardAsync(destination, buffer.AsMemory(0, read), writeLock, token);
            }
        }
        catch (Exception exception) when (IsConnectionEnd(exception))
        {
            Abort();
        }
    }

    private async Task ForwardAsync(Socket destination, ReadOnlyMemory<byte> chunk, SemaphoreSlim? writeLock, CancellationToken token)
    {
        if (writeLock is not null)
        {
            await writeLock.WaitAsync(token);
        }

        try
        {
            var segment = _proxy.SplitSize ?? chunk.Length;
            for (var offset = 0; offset < chunk.Length; offset += segment)
            {
                // NoDelay is on, so each send leaves as its own TCP segment(s).
                await destination.SendAsync(chunk.Slice(offset, Math.Min(segment, chunk.Length - offset)), SocketFlags.None, token);
                _proxy.CountWrite();
            }
        }
        finally
        {
            writeLock?.Release();
        }
    }

    private static bool IsConnectionEnd(Exception exception) =>
        exception is SocketException or ObjectDisposedException or OperationCanceledException or IOException;
}
