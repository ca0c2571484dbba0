using System.Buffers;
using System.IO.Pipelines;
using Multiplex.Diagnostics;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <summary>
/// One physical connection: the stream, its pipes, the in-flight FIFO and the reader loop. A session
/// is used until it fails once; the owning <see cref="Connection"/> then opens a new one. Failing a
/// session fails every command in flight on it with an error that says the command may have run.
/// </summary>
internal sealed partial class ConnectionSession
{
    // Pipe sizes: a 64 KiB read buffer holds thousands of small replies; 4 KiB is the smallest read
    // worth making (one page).
    private const int ReadBufferSize = 64 * 1024;
    private const int MinimumReadSize = 4 * 1024;
    private const int WriteBufferSize = 64 * 1024;

    private const int OutputIdle = 0;
    private const int OutputBusy = 1;
    private const int OutputClosed = 2;

    private readonly Stream _stream;
    private readonly Action<ConnectionSession, Exception> _onFailed;
    private readonly ProtocolLimits _limits;

    // Released when the output is given back while the writer loop waits for it (WaitForOutputAsync).
    private readonly SemaphoreSlim _outputFreed = new(0);
    private RespScanner _scanner;
    private int _failed;
    private int _outputState;
    private int _outputWanted;
    private Task? _readLoop;

    private ConnectionSession(Stream stream, string endpoint, ProtocolLimits limits, Action<ConnectionSession, Exception> onFailed)
    {
        _stream = stream;
        Endpoint = endpoint;
        _limits = limits;
        _onFailed = onFailed;
        _scanner = new RespScanner(limits);
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: MinimumReadSize, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: WriteBufferSize, leaveOpen: true));
        LastReadMilliseconds = Environment.TickCount64;
    }

    /// <summary>The endpoint, as text for messages.</summary>
    public string Endpoint { get; }

    /// <summary>Where the writer loop commits frames.</summary>
    public PipeWriter Output { get; }

    /// <summary>Where replies arrive.</summary>
    public PipeReader Input { get; }

    /// <summary>The commands written and not yet answered.</summary>
    public InFlightQueue InFlight { get; } = new();

    /// <summary>What the handshake learnt.</summary>
    public HandshakeResult Handshake { get; private set; } = null!;

    /// <summary>Whether the session has not failed.</summary>
    public bool IsAlive => Volatile.Read(ref _failed) == 0;

    /// <summary>When a reply last arrived (<see cref="Environment.TickCount64"/>).</summary>
    public long LastReadMilliseconds { get; private set; }

    /// <summary>
    /// Where pushes (RESP3 out-of-band frames, or arrays on a RESP2 subscriber connection) go, with the
    /// connection they are reported for; null drops them. Set before <see cref="StartReading"/>.
    /// </summary>
    public (PushHandler Handler, Connection Connection)? Pushes { get; set; }

    /// <summary>Whether array replies may be pushes (a RESP2 subscriber connection). Set before <see cref="StartReading"/>.</summary>
    public bool ArraysMayBePushes { get; set; }

    /// <summary>Opens the transport and runs the handshake; the reader loop is not started yet.</summary>
    public static async Task<ConnectionSession> OpenAsync(
        RedisEndpoint endpoint, RedisClientOptions options, Action<ConnectionSession, Exception> onFailed, CancellationToken cancellationToken)
    {
        var endpointText = endpoint.ToString();
        var startedAt = Instrumentation.ConnectionStart();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Stream? stream = null;
        try
        {
            stream = await options.TransportFactory(endpoint, options, timeout.Token).ConfigureAwait(false);
            var session = new ConnectionSession(stream, endpointText, options.Limits, onFailed);
            session.Handshake = await Connections.Handshake.RunAsync(session.Input, session.Output, options, endpointText, timeout.Token).ConfigureAwait(false);
            Instrumentation.RecordConnectionCreated(startedAt, ServerTags.For(endpoint), null);
            return session;
        }
        catch (Exception ex)
        {
            Instrumentation.RecordConnectionCreated(startedAt, ServerTags.For(endpoint), ex);
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            // A RedisException already says what is wrong (the handshake's and the TLS errors say what
            // is likely wrong); the caller's own cancellation stays a cancellation.
            if (ex is RedisException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw Transport.ConnectFailed(endpointText, options, ex, transportOpen: stream is not null);
        }
    }

    /// <summary>Starts reading replies.</summary>
    public void StartReading() => _readLoop = BackgroundWork.Run(ReadLoopAsync);

    /// <summary>Claims the output for one batch of writes; false once the session is failing.</summary>
    public bool TryBeginOutput() => Interlocked.CompareExchange(ref _outputState, OutputBusy, OutputIdle) == OutputIdle;

    /// <summary>
    /// Releases the output after a batch; completes the pipe if the session failed meanwhile, and wakes
    /// the writer loop if it waits for the output.
    /// </summary>
    public void EndOutput()
    {
        if (Interlocked.CompareExchange(ref _outputState, OutputIdle, OutputBusy) != OutputBusy || !IsAlive)
        {
            CloseOutput();
        }

        WakeOutputWaiter();
    }

    /// <summary>
    /// For the writer loop, which found the output claimed by a caller writing inline: completes once
    /// that caller releases it (or the session fails). The loop then tries again; a wake-up may be
    /// spurious.
    /// </summary>
    public Task WaitForOutputAsync()
    {
        // Raised first, then the state read: a caller releasing the output in between reads the flag
        // after its release (both are full fences), so one of the two sees the other.
        Interlocked.Exchange(ref _outputWanted, 1);
        if (Volatile.Read(ref _outputState) != OutputBusy)
        {
            Interlocked.Exchange(ref _outputWanted, 0);
            return Task.CompletedTask;
        }

        return _outputFreed.WaitAsync();
    }

    private void WakeOutputWaiter()
    {
        if (Volatile.Read(ref _outputWanted) != 0 && Interlocked.Exchange(ref _outputWanted, 0) != 0)
        {
            _outputFreed.Release();
        }
    }

    /// <summary>
    /// Fails the session once: closes the transport and fails every in-flight command (they may have
    /// run). Safe to call from any thread, any number of times.
    /// </summary>
    public void Fail(Exception reason)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        // Closing the stream ends a pending read or flush at once; the output pipe is completed by
        // whoever holds it last (see EndOutput), never under the writer's feet.
        _stream.Dispose();
        if (Interlocked.CompareExchange(ref _outputState, OutputClosed, OutputIdle) == OutputIdle)
        {
            CloseOutput();
            WakeOutputWaiter();
        }

        foreach (var command in InFlight.CloseAndDrain())
        {
            var failure = new RedisConnectionException(
                $"The connection to {Endpoint} was lost before the reply to {command.Command.Name} arrived; the command may have run. Cause: {reason.Message}",
                CommandOutcome.Unknown,
                reason)
            { Endpoint = Endpoint, Command = command.Command.Name };

            // A command that is safe to send again is taken over by its retrier (its caller keeps waiting);
            // either way this wire lets go of it.
            if (command.Retrier is not { } retrier || !retrier.TryRetry(command, failure))
            {
                command.TryFail(failure);
            }

            command.ReleaseWire();
        }

        _onFailed(this, reason);
    }

    /// <summary>Waits for the reader loop to end (after <see cref="Fail"/>).</summary>
    public Task Completion => _readLoop ?? Task.CompletedTask;

    private void CloseOutput()
    {
        Interlocked.Exchange(ref _outputState, OutputClosed);
        try
        {
            // Completing with an error returns the pipe's buffers without flushing them into a
            // stream that is already closed.
            Output.Complete(new ObjectDisposedException(nameof(ConnectionSession)));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already completed, or the transport refused the last bytes: the session is gone either way.
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var read = await Input.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                // The callers answered by this read are completed first, then resumed by one work item.
                var completions = CompletionBatch.Begin();
                long consumed;
                try
                {
                    consumed = ProcessFrames(buffer);
                }
                finally
                {
                    completions.Dispatch();
                }

                if (await TryReceiveLargeReplyAsync(read, consumed).ConfigureAwait(false))
                {
                    continue; // it consumed the read itself
                }

                Input.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    Fail(new RedisConnectionException($"{Endpoint} closed the connection.", CommandOutcome.Unknown) { Endpoint = Endpoint });
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex is RedisException ? ex : new RedisConnectionException($"Reading from {Endpoint} failed: {ex.Message}", CommandOutcome.Unknown, ex) { Endpoint = Endpoint });
        }
        finally
        {
            await Input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hands every complete frame in the buffer to its command; returns the bytes consumed.</summary>
    private long ProcessFrames(ReadOnlySequence<byte> buffer)
    {
        long consumed = 0;
        while (IsAlive && _scanner.TryScan(buffer.Slice(consumed), out var length))
        {
            var frame = buffer.Slice(consumed, length);
            consumed += length;
            var prefix = _scanner.FramePrefix;
            _scanner.Reset();
            LastReadMilliseconds = Environment.TickCount64;
            var isPush = prefix == RespPrefix.Push;
            if ((isPush || (prefix == RespPrefix.Array && ArraysMayBePushes)) && !OnPush(frame, isPush))
            {
                continue;
            }

            if (!InFlight.TryTakeHead(out var command, out var taken))
            {
                throw new RedisProtocolException($"{Endpoint} sent a reply when no command was waiting for one.");
            }

            if (taken)
            {
                // One reply, one command: taken out of the queue with the same lock that found it.
                if (!command.OnReply(frame))
                {
                    // Named before it is released: a released command may be reused at once.
                    var name = command.Command.Name;
                    command.ReleaseWire();
                    throw new RedisProtocolException($"{name} on {Endpoint} asked for another reply although it takes one.");
                }

                command.ReleaseWire();
                continue;
            }

            // A batch, a transaction or a subscription change stays at the head until it has all its
            // replies. If the session failed meanwhile, Fail drained the queue and let go of the command itself.
            if (command.OnReply(frame) && InFlight.TryDequeue(out var head) && ReferenceEquals(head, command))
            {
                command.ReleaseWire();
            }
        }

        return consumed;
    }

    /// <summary>
    /// Hands a push to the push handler; true when the frame must go on to the in-flight head. The
    /// handler decides whether an (un)subscribe confirmation answers the head: one the server sends on
    /// its own (a shard channel whose slot moved) is consumed rather than shift replies.
    /// </summary>
    private bool OnPush(in ReadOnlySequence<byte> frame, bool isPush)
    {
        if (Pushes is not { } pushes)
        {
            return !isPush;
        }

        return pushes.Handler(pushes.Connection, frame, InFlight);
    }
}
