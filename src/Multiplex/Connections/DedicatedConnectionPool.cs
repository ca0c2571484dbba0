using Multiplex.Diagnostics;

namespace Multiplex.Connections;

/// <summary>
/// A bounded pool of <see cref="DedicatedConnection"/>s to one node. A lease beyond
/// <see cref="DedicatedPoolOptions.MaxSize"/> waits up to <see cref="DedicatedPoolOptions.LeaseTimeout"/>
/// and then fails; idle connections are closed after <see cref="DedicatedPoolOptions.IdleTimeout"/>.
/// Disposing the pool closes every connection, the leased ones too, so a command blocked on one
/// (BLPOP with no timeout, MONITOR, WAIT 0) fails at once instead of waiting forever.
/// </summary>
internal sealed class DedicatedConnectionPool : IAsyncDisposable
{
    private readonly RedisEndpoint _endpoint;
    private readonly RedisClientOptions _options;
    private readonly ClientEvents _events;
    private readonly SemaphoreSlim _slots;
    private readonly List<DedicatedConnection> _idle = [];
    private readonly HashSet<DedicatedConnection> _leased = [];
    private readonly Lock _idleLock = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Timer _idleSweep;
    private int _open;
    private int _credentialsGeneration;
    private long _replaced;

    public DedicatedConnectionPool(RedisEndpoint endpoint, RedisClientOptions options, ClientEvents events)
    {
        _endpoint = endpoint;
        _options = options;
        _events = events;
        _slots = new SemaphoreSlim(options.DedicatedPool.MaxSize, options.DedicatedPool.MaxSize);
        var period = options.DedicatedPool.IdleTimeout / 2;
        _idleSweep = BackgroundWork.Timer(static state => ((DedicatedConnectionPool)state!).CloseIdle(), this, period, period);
    }

    /// <summary>Connections open now (leased or idle).</summary>
    public int OpenCount => Volatile.Read(ref _open);

    /// <summary>Connections leased now.</summary>
    public int LeasedCount => _options.DedicatedPool.MaxSize - _slots.CurrentCount;

    /// <summary>Connections closed instead of reused because they could not be trusted after a lease.</summary>
    public long ReplacedCount => Interlocked.Read(ref _replaced);

    /// <summary>Leases a connection: an idle one, or a new one while under the bound.</summary>
    /// <exception cref="RedisConnectionException">No connection became free in time, one could not be opened, or the client was disposed.</exception>
    public async Task<DedicatedConnection> LeaseAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        bool acquired;
        try
        {
            acquired = await _slots.WaitAsync(_options.DedicatedPool.LeaseTimeout, waiting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Disposed();
        }

        if (!acquired)
        {
            throw new RedisConnectionException(
                $"No dedicated connection to {_endpoint} became free within {_options.DedicatedPool.LeaseTimeout.TotalMilliseconds:0} ms: all {_options.DedicatedPool.MaxSize} are leased (DedicatedPool.MaxSize).",
                CommandOutcome.NotSent)
            { Endpoint = _endpoint.ToString() };
        }

        try
        {
            while (TryTakeIdle(out var idle))
            {
                if (idle.CredentialsGeneration == Volatile.Read(ref _credentialsGeneration) && await idle.EndIdleWatchAsync().ConfigureAwait(false) && Track(idle))
                {
                    return idle;
                }

                await CloseAsync(idle).ConfigureAwait(false);
            }

            // Read before opening: credentials that change while it opens make it one to replace.
            var generation = Volatile.Read(ref _credentialsGeneration);
            DedicatedConnection connection;
            try
            {
                connection = await DedicatedConnection.OpenAsync(_endpoint, _options, waiting.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _events.OnConnectionFailed(_endpoint.ToString(), ConnectionKind.Dedicated, ex, attempt: 1);
                throw;
            }

            _events.OnConnected(connection.Endpoint, ConnectionKind.Dedicated, connection.Handshake);
            connection.CredentialsGeneration = generation;
            Interlocked.Increment(ref _open);
            if (!Track(connection))
            {
                await CloseAsync(connection).ConfigureAwait(false);
                throw Disposed();
            }

            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _disposing.IsCancellationRequested)
        {
            _slots.Release();
            throw Disposed();
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a leased connection back: kept for reuse, or closed when it cannot be trusted.</summary>
    public async ValueTask ReturnAsync(DedicatedConnection connection)
    {
        lock (_idleLock)
        {
            _leased.Remove(connection);
        }

        try
        {
            if (connection.IsBroken || _disposing.IsCancellationRequested || connection.CredentialsGeneration != Volatile.Read(ref _credentialsGeneration))
            {
                Interlocked.Increment(ref _replaced);
                await CloseAsync(connection).ConfigureAwait(false);
            }
            else
            {
                connection.LastUsedMilliseconds = Environment.TickCount64;
                connection.WatchWhileIdle();
                lock (_idleLock)
                {
                    _idle.Add(connection);
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Closes every connection: the idle ones, and the leased ones, whose commands fail at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        DedicatedConnection[] leased;
        lock (_idleLock)
        {
            _disposing.Cancel();
            leased = [.. _leased];
        }

        await _idleSweep.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in leased)
        {
            // Their holders return them (and the pool closes them) when their commands have failed.
            await connection.AbortAsync("the client was disposed").ConfigureAwait(false);
        }

        while (TryTakeIdle(out var connection))
        {
            await CloseAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The credentials changed: idle connections are closed now, and leased ones when they are given back,
    /// so every later lease runs on a connection that authenticated with the new credentials.
    /// </summary>
    /// <returns>How many idle connections were closed.</returns>
    public async Task<int> RenewCredentialsAsync()
    {
        Interlocked.Increment(ref _credentialsGeneration);
        var closed = 0;
        while (TryTakeIdle(out var connection))
        {
            Interlocked.Increment(ref _replaced);
            await CloseAsync(connection).ConfigureAwait(false);
            closed++;
        }

        return closed;
    }

    /// <summary>Records a connection as leased; false once the pool is disposed.</summary>
    private bool Track(DedicatedConnection connection)
    {
        lock (_idleLock)
        {
            if (_disposing.IsCancellationRequested)
            {
                return false;
            }

            _leased.Add(connection);
            return true;
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposing.IsCancellationRequested)
        {
            throw Disposed();
        }
    }

    private RedisConnectionException Disposed() =>
        new($"No dedicated connection to {_endpoint} can be leased: the client was disposed.", CommandOutcome.NotSent) { Endpoint = _endpoint.ToString() };

    private bool TryTakeIdle(out DedicatedConnection connection)
    {
        lock (_idleLock)
        {
            if (_idle.Count == 0)
            {
                connection = null!;
                return false;
            }

            // The most recently returned one: it is the least likely to have been closed by the server.
            connection = _idle[^1];
            _idle.RemoveAt(_idle.Count - 1);
            return true;
        }
    }

    private void CloseIdle()
    {
        var limit = (long)_options.DedicatedPool.IdleTimeout.TotalMilliseconds;
        List<DedicatedConnection> expired;
        lock (_idleLock)
        {
            var now = Environment.TickCount64;
            expired = _idle.FindAll(connection => now - connection.LastUsedMilliseconds > limit);
            _idle.RemoveAll(expired.Contains);
        }

        foreach (var connection in expired)
        {
            _ = CloseAsync(connection).AsTask();
        }
    }

    private async ValueTask CloseAsync(DedicatedConnection connection)
    {
        Interlocked.Decrement(ref _open);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
