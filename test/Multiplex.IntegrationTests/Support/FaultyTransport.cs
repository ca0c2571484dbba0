using Multiplex.Connections;

namespace Multiplex.IntegrationTests.Support;

/// <summary>
/// A transport for <see cref="RedisClientOptions.TransportFactory"/> whose every Nth write to any of the
/// client's sockets sends part of its bytes and then fails, as a connection cut mid-write does: half a
/// command reaches the server, and the client must tear the connection down rather than go on.
/// </summary>
internal sealed class FaultyTransport(int writeFailureEvery)
{
    private long _writes;
    private long _faults;

    /// <summary>How many writes failed part-way so far.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Whether faults are injected (tests turn them off to check the client recovers).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The factory to put in the options.</summary>
    public TransportFactory Factory => async (endpoint, options, cancellationToken) =>
        new FaultyStream(await Transport.ConnectAsync(endpoint, options, cancellationToken).ConfigureAwait(false), this);

    private bool NextWriteFails() =>
        Enabled && Interlocked.Increment(ref _writes) % writeFailureEvery == 0 && Interlocked.Increment(ref _faults) > 0;

    private sealed class FaultyStream(Stream inner, FaultyTransport transport) : PassThroughStream(inner)
    {
        private bool _broken;

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!_broken && !transport.NextWriteFails())
            {
                Inner.Write(buffer, offset, count);
                return;
            }

            if (!_broken && count > 1)
            {
                Inner.Write(buffer, offset, count / 2);
            }

            _broken = true;
            throw new IOException("Injected fault: the transport failed part-way through a write.");
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_broken && !transport.NextWriteFails())
            {
                await Inner.WriteAsync(buffer, cancellationToken);
                return;
            }

            if (!_broken && buffer.Length > 1)
            {
                await Inner.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken);
            }

            _broken = true;
            throw new IOException("Injected fault: the transport failed part-way through a write.");
        }
    }
}
