using System.Buffers;
using System.IO.Pipelines;

namespace Multiplex.Connections;

/// <content>
/// Large values, copied once at most between the transport and the caller: a large frame is written
/// to the transport from the command's own buffer, and a large bulk reply is received into one array
/// of its size (<see cref="LargeReply"/>) and handed to its command in a frame built around it.
/// </content>
internal sealed partial class ConnectionSession
{
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

        // The pipe's own flush at the end of the batch may find nothing to flush; a buffering transport
        // must not keep the frame.
        await _stream.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Called by the reader loop with a read and how much of it the complete frames took. When what
    /// is left starts a large bulk reply, receives all of it, hands it to its command and returns true:
    /// the read is then consumed here. Otherwise returns false at once, and the loop goes on as usual.
    /// </summary>
    private ValueTask<bool> TryReceiveLargeReplyAsync(in ReadResult read, long consumed)
    {
        var rest = read.Buffer.Slice(consumed);
        if (read.IsCompleted || read.IsCanceled || !IsAlive || !LargeReply.Starts(rest, _limits, out var head, out var payloadLength))
        {
            return ValueTask.FromResult(false);
        }

        return ReceiveLargeReplyAsync(rest, head, payloadLength);
    }

    private async ValueTask<bool> ReceiveLargeReplyAsync(ReadOnlySequence<byte> rest, byte[] head, int payloadLength)
    {
        // The scan of this frame so far is taken over here; the frame received is scanned afresh.
        _scanner.Reset();
        var pooled = InFlight.TryPeek(out var next) && next.TakesPooledPayload;
        var frame = await LargeReply.ReceiveAsync(Input, _stream, rest, head, payloadLength, Endpoint, CancellationToken.None, pooled).ConfigureAwait(false);

        // Delivered exactly as a frame found in the pipe would be: to the head of the in-flight queue.
        // A session failed meanwhile has failed that command already, and delivers nothing.
        ProcessFrames(frame);
        return true;
    }
}
