using System.Buffers;
using System.IO.Pipelines;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <content>
/// Large values, copied once at most between the transport and the caller. A large frame is written
/// to the transport from the command's own buffer. A large bulk reply is received into one array of
/// its size, straight from the transport, and handed to its command in a frame built around that
/// array, whose byte-returning parsers take the array as it is: the read buffer never holds the whole
/// value, and the value is not copied out of it again.
/// </content>
internal sealed partial class ConnectionSession
{
    // A bulk reply declaring at least this many bytes, and not all received yet, gets an array of its
    // own: it does not fit the read buffer, so the pipe would otherwise take segment after segment
    // for it until it had all arrived, and the parser would then copy it out of them.
    private const int LargeReplyThreshold = ReadBufferSize;

    /// <summary>
    /// Writes a large frame to the transport as it is, after what the pipe holds (frames written before
    /// it, in in-flight order). Call it holding the output claim, with the command already in flight,
    /// as for a frame copied into the pipe.
    /// </summary>
    /// <exception cref="RedisConnectionException">The pipe stopped accepting writes.</exception>
    /// <exception cref="IOException">The transport failed.</exception>
    public async ValueTask WriteLargeFrameAsync(ReadOnlyMemory<byte> frame)
    {
        var flush = await Output.FlushAsync().ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new RedisConnectionException($"The connection to {Endpoint} stopped accepting writes.", CommandOutcome.Unknown) { Endpoint = Endpoint };
        }

        await _stream.WriteAsync(frame).ConfigureAwait(false);
    }

    /// <summary>
    /// Called by the reader loop with a read and how much of it the complete frames took. When what
    /// is left starts a large bulk reply, receives all of it, hands it to its command and returns true:
    /// the read is then consumed here. Otherwise returns false at once, and the loop goes on as usual.
    /// </summary>
    private ValueTask<bool> TryReceiveLargeReplyAsync(in ReadResult read, long consumed)
    {
        var rest = read.Buffer.Slice(consumed);
        if (read.IsCompleted || read.IsCanceled || !IsAlive
            || !LargeBulkFrame.TryReadHead(rest, LargeReplyThreshold, _limits, out var head, out var payloadLength))
        {
            return ValueTask.FromResult(false);
        }

        return ReceiveLargeReplyAsync(rest, head, payloadLength);
    }

    private async ValueTask<bool> ReceiveLargeReplyAsync(ReadOnlySequence<byte> rest, byte[] head, int payloadLength)
    {
        // The scan of this frame so far is taken over here; the frame built below is scanned afresh.
        _scanner.Reset();

        // Filled completely before anyone sees it, so it need not be zeroed first.
        var payload = GC.AllocateUninitializedArray<byte>(payloadLength);
        var buffered = rest.Slice(head.Length);
        var filled = (int)Math.Min(buffered.Length, payloadLength);
        buffered.Slice(0, filled).CopyTo(payload);
        Input.AdvanceTo(buffered.GetPosition(filled));

        // Until the payload is complete the pipe holds nothing (what it held was all payload, copied
        // above) and no read of it is pending, so the transport is read directly into the array.
        while (filled < payloadLength)
        {
            var read = await _stream.ReadAsync(payload.AsMemory(filled)).ConfigureAwait(false);
            if (read == 0)
            {
                throw ClosedMidValue(filled, payloadLength);
            }

            filled += read;
            LastReadMilliseconds = Environment.TickCount64;
        }

        await ReadTerminatorAsync(payloadLength).ConfigureAwait(false);

        // Delivered exactly as a frame found in the pipe would be: to the head of the in-flight queue.
        // A session failed meanwhile has failed that command already, and delivers nothing.
        ProcessFrames(LargeBulkFrame.Create(head, payload));
        return true;
    }

    /// <summary>Reads and checks the CRLF after a large payload, from the pipe, which may hold the replies after it too.</summary>
    private async ValueTask ReadTerminatorAsync(int payloadLength)
    {
        while (true)
        {
            var read = await Input.ReadAsync().ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length >= RespConstants.CrlfLength)
            {
                if (!IsTerminator(buffer))
                {
                    throw new RedisProtocolException($"{Endpoint} sent a bulk reply whose payload is not followed by CRLF.");
                }

                Input.AdvanceTo(buffer.GetPosition(RespConstants.CrlfLength));
                return;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                throw ClosedMidValue(payloadLength, payloadLength);
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsTerminator(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> terminator = stackalloc byte[RespConstants.CrlfLength];
        buffer.Slice(0, RespConstants.CrlfLength).CopyTo(terminator);
        return terminator.SequenceEqual(RespConstants.Crlf);
    }

    private RedisConnectionException ClosedMidValue(int received, int length) => new(
        $"{Endpoint} closed the connection in the middle of a bulk reply, after {received:N0} of its {length:N0} bytes.",
        CommandOutcome.Unknown)
    { Endpoint = Endpoint };
}
