using System.Diagnostics;
using System.IO.Pipelines;

namespace Multiplex.Connections;

/// <content>
/// Inline writes: a caller that finds the output free and nothing queued before it writes and sends its
/// own command, instead of handing it to the writer loop and waiting for that loop to be scheduled.
/// </content>
internal sealed partial class Connection
{
    private static readonly bool InlineWritesDisabled =
        AppContext.TryGetSwitch("Multiplex.DisableInlineWrites", out var disabled) && disabled;

    // Above this many commands in flight the connection is busy: the writer loop gathers commands into
    // fewer, larger writes, and a caller writing alone would add a send of its own. (GET with 1,000
    // callers spent slightly more client CPU per command with inline writes at any load.)
    private const int InlineInFlightLimit = 16;

    private long _inlineWrites;

    /// <summary>How many commands their callers wrote inline (the rest went through the writer loop).</summary>
    public long InlineWriteCount => Interlocked.Read(ref _inlineWrites);

    /// <summary>
    /// Writes <paramref name="command"/> on the caller's thread when that keeps every rule of the writer
    /// loop: a live session, nothing in the backlog or the channel (so nothing queued earlier is
    /// overtaken), room in flight, a frame (or a batch's frames, back to back) small enough to copy, and
    /// the output free. The output is claimed before the queue is checked again and the command joins
    /// the in-flight queue before its bytes are committed, as in the writer loop. A flush that cannot
    /// complete at once finishes in the background with the output still claimed (the writer loop waits
    /// for it). Returns false, having changed nothing, when the command must go through the channel.
    /// </summary>
    private bool TryWriteInline(PendingCommand command)
    {
        // A continuation of a completion batch that others follow leaves its command to the writer
        // loop, which sends it with theirs in one write.
        if (InlineWritesDisabled || _writingStopped || CompletionBatch.MoreFollow || CompletionBatch.Collecting is not null)
        {
            return false;
        }

        var session = Volatile.Read(ref _session);
        if (session is not { IsAlive: true } || session.InFlight.ApproximateCount > InlineInFlightLimit || HasBacklog() || !FitsInline(command)
            || _channel.Reader.Count != 0 || !session.TryBeginOutput())
        {
            return false;
        }

        // Under the claim nothing leaves the channel or the backlog, so what is found empty now stays
        // empty of anything queued before this command.
        if (HasBacklog() || _channel.Reader.Count != 0)
        {
            session.EndOutput();
            return false;
        }

        if (!command.TryBeginWrite())
        {
            // Cancelled or timed out before it was sent: never sent.
            session.EndOutput();
            command.ReleaseWire();
            return true;
        }

        if (session.InFlight.TryEnqueue(command, _options.MaxPendingCommands) != EnqueueResult.Added)
        {
            command.RevertWrite();
            session.EndOutput();
            return false;
        }

        // From here on the command may be answered, completed and reused at any moment: not touched again.
        Interlocked.Increment(ref _inlineWrites);
        ValueTask<FlushResult> flush;
        try
        {
            // FitsInline admits only frames that are copied into the pipe, so the write has completed
            // (reading the result rethrows a failure of the copy).
            var written = WriteFrameAsync(session, command);
            if (!written.IsCompleted)
            {
                throw new UnreachableException("A frame written inline did not complete at once.");
            }

            written.GetAwaiter().GetResult();
            flush = session.Output.FlushAsync();
        }
        catch (Exception ex)
        {
            FailWrite(session, ex);
            session.EndOutput();
            return true;
        }

        if (!flush.IsCompleted)
        {
            _ = FinishInlineFlushAsync(session, flush);
            return true;
        }

        try
        {
            EndInlineFlush(session, flush.GetAwaiter().GetResult(), null);
        }
        catch (Exception ex)
        {
            EndInlineFlush(session, default, ex);
        }

        return true;
    }

    /// <summary>
    /// Whether the command's frame (for a batch, its parts' frames together) is small enough to copy on
    /// the caller's thread: at most what the writer loop copies before it flushes, and never a frame
    /// written from its own buffer (<see cref="PendingCommand.TryGetLargeFrame"/>: over 64 KiB).
    /// </summary>
    private static bool FitsInline(PendingCommand command)
    {
        if (command.FrameParts is not { } parts)
        {
            return command.Encoded.Length <= MaxUnflushedBytes && !command.TryGetLargeFrame(out _);
        }

        long total = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].FrameParts is not null || parts[i].TryGetLargeFrame(out _))
            {
                return false;
            }

            total += parts[i].Encoded.Length;
            if (total > MaxUnflushedBytes)
            {
                return false;
            }
        }

        return true;
    }

    private async Task FinishInlineFlushAsync(ConnectionSession session, ValueTask<FlushResult> flush)
    {
        FlushResult result = default;
        Exception? error = null;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        EndInlineFlush(session, result, error);
    }

    /// <summary>Fails the session when an inline flush failed or found the pipe closed, and releases the output.</summary>
    private void EndInlineFlush(ConnectionSession session, FlushResult result, Exception? error)
    {
        if (error is not null)
        {
            FailWrite(session, error);
        }
        else if (result.IsCompleted)
        {
            session.Fail(StoppedAcceptingWrites());
        }

        session.EndOutput();
    }

    private RedisConnectionException StoppedAcceptingWrites() =>
        new($"The connection to {EndpointText} stopped accepting writes.", CommandOutcome.Unknown) { Endpoint = EndpointText };

    private void FailWrite(ConnectionSession session, Exception ex) =>
        session.Fail(ex is RedisException ? ex : new RedisConnectionException($"Writing to {EndpointText} failed: {ex.Message}", CommandOutcome.Unknown, ex) { Endpoint = EndpointText });
}
