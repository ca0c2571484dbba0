using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <content>
/// Running a <see cref="PendingCommand"/> (one command, or a whole MULTI…EXEC unit) on the leased
/// connection: the same objects, parsers and outcomes as on the shared connection, one at a time.
/// </content>
internal sealed partial class DedicatedConnection
{
    /// <summary>
    /// Writes <paramref name="command"/> and hands it reply frames until it has all of them. Never
    /// throws: the command gets its outcome. A failure, or no complete reply within
    /// <paramref name="timeout"/>, marks the connection broken (its state is unknown) and fails the
    /// command as possibly run. The caller's cancellation (registered on the command) releases the
    /// caller only; the reply is still read, so the connection stays in step.
    /// </summary>
    public async Task RunAsync(PendingCommand command, TimeSpan timeout)
    {
        command.Endpoint = Endpoint;
        command.Server = Server;
        if (IsBroken)
        {
            command.TryFail(new RedisConnectionException(
                $"{command.Command.Name} was not sent: the dedicated connection to {Endpoint} failed earlier.", CommandOutcome.NotSent)
            { Endpoint = Endpoint, Command = command.Command.Name });
            command.MarkAbandoned();
            command.ReleaseWire();
            return;
        }

        if (!command.TryBeginWrite())
        {
            command.ReleaseWire(); // the caller has gone: nothing is sent
            return;
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await WriteFrameAsync(command, deadline.Token).ConfigureAwait(false);
            while (!await ReadRepliesAsync(command, deadline.Token).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            MarkBroken();
            command.TryFail(new RedisTimeoutException(
                $"{command.Command.Name} got no reply from {Endpoint} within {timeout.TotalMilliseconds:0} ms on a dedicated connection (it may have run); the connection is closed.",
                CommandOutcome.Unknown)
            { Endpoint = Endpoint, Command = command.Command.Name });
        }
        catch (Exception ex)
        {
            MarkBroken();
            // A connection cut on purpose says why; any other failure is its own explanation.
            var failure = AbortReason is null ? ex as RedisConnectionException : null;
            command.TryFail(failure ?? new RedisConnectionException(
                $"The dedicated connection to {Endpoint} failed during {command.Command.Name} (it may have run): {(AbortReason is { } reason ? $"the connection was closed: {reason}" : ex.Message)}",
                CommandOutcome.Unknown,
                ex)
            { Endpoint = Endpoint, Command = command.Command.Name });
        }

        command.ReleaseWire();
    }

    /// <summary>Reads once and hands every complete frame to the command; true when it has all its replies.</summary>
    private async ValueTask<bool> ReadRepliesAsync(PendingCommand command, CancellationToken cancellationToken)
    {
        var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (done, consumed) = HandFrames(read.Buffer, command);
        if (!done && !read.IsCompleted && LargeReply.Starts(read.Buffer.Slice(consumed), _limits, out var head, out var payloadLength))
        {
            // The reply is a large bulk string: received into one array of its own (or a rented one, for a
            // read into a lease), then handed over.
            _scanner.Reset();
            var frame = await LargeReply.ReceiveAsync(
                _input, _stream, read.Buffer.Slice(consumed), head, payloadLength, Endpoint, cancellationToken, pooled: command.TakesPooledPayload).ConfigureAwait(false);
            return HandFrames(frame, command).Done;
        }

        var position = read.Buffer.GetPosition(consumed);

        // Bytes after the last reply (a MONITOR feed, say) are not examined yet: the next read returns them at once.
        _input.AdvanceTo(position, done ? position : read.Buffer.End);
        if (!done && read.IsCompleted)
        {
            throw new RedisConnectionException(
                $"{Endpoint} closed the dedicated connection before the reply to {command.Command.Name} (it may have run).", CommandOutcome.Unknown)
            { Endpoint = Endpoint, Command = command.Command.Name };
        }

        return done;
    }

    /// <summary>
    /// Writes the command's frame and flushes: a small frame through the pipe, a large one to the
    /// transport from the command's own buffer, so a large value is not copied again.
    /// </summary>
    private async ValueTask WriteFrameAsync(PendingCommand command, CancellationToken cancellationToken)
    {
        if (command.TryGetLargeFrame(out var frame))
        {
            command.HoldForWrite();
            try
            {
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                command.ReleaseAfterWrite();
            }

            return;
        }

        _output.Write(command.Encoded);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private (bool Done, long Consumed) HandFrames(ReadOnlySequence<byte> buffer, PendingCommand command)
    {
        long consumed = 0;
        while (_scanner.TryScan(buffer.Slice(consumed), out var length))
        {
            var frame = buffer.Slice(consumed, length);
            var prefix = _scanner.FramePrefix;
            consumed += length;
            _scanner.Reset();
            if (prefix != RespPrefix.Push && command.OnReply(frame))
            {
                return (true, consumed);
            }
        }

        return (false, consumed);
    }
}
