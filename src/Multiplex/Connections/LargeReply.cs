using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <summary>
/// Receives a large bulk reply into one array of its size, for a connection that reads through a
/// <see cref="PipeReader"/> over a <see cref="Stream"/>: what the pipe holds of the payload is copied
/// once, the rest is read from the stream straight into the array, and the frame built around it
/// (<see cref="LargeBulkFrame"/>) is handed back to be delivered like any other. The pipe never holds
/// the whole value, and the parsers that return bytes take the array as it is.
/// </summary>
internal static class LargeReply
{
    /// <summary>
    /// A bulk reply declaring at least this many bytes, and not all received yet, gets an array of its
    /// own: larger than a connection's read buffer (64 KiB), the pipe would otherwise take segment after
    /// segment for it until it had all arrived, and the parser would then copy it out of them.
    /// </summary>
    public const int Threshold = 64 * 1024;

    /// <summary>
    /// Whether what is left of a read after its complete frames, <paramref name="rest"/>, starts a large
    /// bulk reply (see <see cref="LargeBulkFrame.TryReadHead"/>).
    /// </summary>
    public static bool Starts(in ReadOnlySequence<byte> rest, ProtocolLimits limits, [NotNullWhen(true)] out byte[]? head, out int payloadLength) =>
        LargeBulkFrame.TryReadHead(rest, Threshold, limits, out head, out payloadLength);

    /// <summary>
    /// Receives the reply that <paramref name="rest"/>, the unconsumed end of the read just returned by
    /// <paramref name="input"/>, starts with, and consumes it from the pipe; returns the complete frame.
    /// Call it instead of advancing <paramref name="input"/> past that read, and with the connection's
    /// scanner reset: the frame is scanned afresh when it is delivered.
    /// </summary>
    /// <exception cref="RedisConnectionException">The connection closed before the end of the reply.</exception>
    /// <exception cref="RedisProtocolException">The payload is not followed by CRLF.</exception>
    public static async ValueTask<ReadOnlySequence<byte>> ReceiveAsync(
        PipeReader input, Stream stream, ReadOnlySequence<byte> rest, byte[] head, int payloadLength, string endpoint, CancellationToken cancellationToken, bool pooled = false)
    {
        // Filled completely before anyone sees it, so it need not be zeroed first. Rented when the reply's
        // command hands the value over in a pooled buffer (a lease); if it is never taken (the caller
        // left, the connection failed) the garbage collector takes the array instead of the pool.
        var payload = pooled ? ArrayPool<byte>.Shared.Rent(payloadLength) : GC.AllocateUninitializedArray<byte>(payloadLength);
        var buffered = rest.Slice(head.Length);
        var filled = (int)Math.Min(buffered.Length, payloadLength);
        buffered.Slice(0, filled).CopyTo(payload);
        input.AdvanceTo(buffered.GetPosition(filled));

        // Until the payload is complete the pipe holds nothing (what it held was all payload, copied
        // above) and no read of it is pending, so the stream is read directly into the array.
        while (filled < payloadLength)
        {
            // Bounded by the payload: a rented array is longer, and what follows it belongs to the pipe.
            var read = await stream.ReadAsync(payload.AsMemory(filled, payloadLength - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw ClosedMidValue(endpoint, filled, payloadLength);
            }

            filled += read;
        }

        await ReadTerminatorAsync(input, endpoint, payloadLength, cancellationToken).ConfigureAwait(false);
        return LargeBulkFrame.Create(head, payload, payloadLength, pooled);
    }

    /// <summary>Reads and checks the CRLF after the payload, from the pipe, which may hold the replies after it too.</summary>
    private static async ValueTask ReadTerminatorAsync(PipeReader input, string endpoint, int payloadLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length >= RespConstants.CrlfLength)
            {
                if (!IsTerminator(buffer))
                {
                    throw new RedisProtocolException($"{endpoint} sent a bulk reply whose payload is not followed by CRLF.");
                }

                input.AdvanceTo(buffer.GetPosition(RespConstants.CrlfLength));
                return;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                throw ClosedMidValue(endpoint, payloadLength, payloadLength);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsTerminator(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> terminator = stackalloc byte[RespConstants.CrlfLength];
        buffer.Slice(0, RespConstants.CrlfLength).CopyTo(terminator);
        return terminator.SequenceEqual(RespConstants.Crlf);
    }

    private static RedisConnectionException ClosedMidValue(string endpoint, int received, int length) => new(
        $"{endpoint} closed the connection in the middle of a bulk reply, after {received:N0} of its {length:N0} bytes.",
        CommandOutcome.Unknown)
    { Endpoint = endpoint };
}
