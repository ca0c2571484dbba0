using Multiplex.Connections;

namespace Multiplex.IntegrationTests.Support;

/// <summary>
/// A transport for <see cref="RedisClientOptions.TransportFactory"/> whose writes wait while its gate is
/// closed, as writes to a peer that stopped reading do once the socket buffers are full: the client's
/// flush stays pending until the gate opens or the stream is disposed (which fails the waiting write).
/// Reads pass straight through.
/// </summary>
internal sealed class GatedTransport
{
    private TaskCompletionSource _gate = Opened();
    private int _heldWrites;

    /// <summary>How many writes have waited at the closed gate.</summary>
    public int HeldWrites => Volatile.Read(ref _heldWrites);

    /// <summary>The factory to put in the options.</summary>
    public TransportFactory Factory => async (endpoint, options, cancellationToken) =>
        new GatedStream(await Transport.ConnectAsync(endpoint, options, cancellationToken).ConfigureAwait(false), this);

    /// <summary>Writes from now on wait until <see cref="Open"/>.</summary>
    public void Close() => Interlocked.CompareExchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), _gate);

    /// <summary>Lets the waiting writes and every later one through.</summary>
    public void Open() => Volatile.Read(ref _gate).TrySetResult();

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }

    private async ValueTask PassAsync(Task disposed)
    {
        var gate = Volatile.Read(ref _gate).Task;
        if (gate.IsCompleted)
        {
            return;
        }

        Interlocked.Increment(ref _heldWrites);
        if (await Task.WhenAny(gate, disposed) == disposed)
        {
            throw new ObjectDisposedException(nameof(GatedStream), "The stream was disposed while its write waited at the gate.");
        }
    }

    private sealed class GatedStream(Stream inner, GatedTransport transport) : PassThroughStream(inner)
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await transport.PassAsync(_disposed.Task);
            await Inner.WriteAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _disposed.TrySetResult();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            _disposed.TrySetResult();
            return base.DisposeAsync();
        }
    }
}
