using System.Buffers;
using Multiplex.Commands;
using Multiplex.Protocol;
using Multiplex.Topology.Cluster;

namespace Multiplex.Connections;

/// <summary>
/// One command on its way through a connection: its encoded bytes, its deadline, and the completion
/// its caller awaits. The caller's completion and the command's place on the wire are tracked
/// separately, so a caller released by a timeout or a cancellation leaves its in-flight slot behind as
/// a tombstone whose reply is read and discarded (ARCHITECTURE.md, invariant 3).
/// </summary>
/// <remarks>
/// The command is encoded completely by the caller before it is queued; the writer loop only copies
/// finished frames into the pipe (or hands a large one to the transport as it is), so an encoding
/// failure never leaves half a command on the wire.
/// </remarks>
internal abstract partial class PendingCommand : IBufferWriter<byte>
{
    private const int WireQueued = 0;
    private const int WireWritten = 1;
    private const int WireAbandoned = 2;

    private int _wireState;
    private int _callerState;

    // States of a cancellation callback that was already running when another party claimed the
    // caller (so it could not be unregistered): none, held by the claimer, finished.
    private const int CallbackNone = 0;
    private const int CallbackHeld = 1;
    private const int CallbackFinished = 2;

    private CancellationTokenRegistration _cancellation;
    private bool _hasRegistration;
    private int _callbackState;
    private bool _inAtomicUnit;

    // Sent before and failed as "may have run", then taken back to be retried: any later failure says it
    // may have run, even one before the new send.
    private bool _mayHaveRun;

    /// <summary>The command: its name for errors and diagnostics, its keys and its route.</summary>
    public CommandSpec Command { get; private set; } = null!;

    /// <summary>The endpoint the command was sent to, for errors; set when it is submitted.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Where an error reply that redirects the command (a cluster's MOVED, ASK, TRYAGAIN, CLUSTERDOWN) goes
    /// before the caller sees it; null outside a cluster, where every error is the caller's.
    /// </summary>
    public IRedirectHandler? Redirects { get; set; }

    /// <summary>Where a redirected command has been (for the redirect bound and messages); null until it is redirected.</summary>
    public RedirectHistory? Redirected { get; set; }

    /// <summary>
    /// What sends the command again when its connection fails (a client's command on a shared
    /// connection, with retries on); null: the failure goes to the caller.
    /// </summary>
    public Resilience.CommandRetrier? Retrier { get; set; }

    /// <summary>Which failures <see cref="Retrier"/> retries, from the surface the command was sent from.</summary>
    public RetryMode RetryMode { get; set; }

    /// <summary>How many times the command has been sent again after its connection failed.</summary>
    public int RetryAttempts { get; set; }

    /// <summary>The backoff before the latest retry (a decorrelated jitter's state for this command's retries).</summary>
    public TimeSpan PreviousRetryDelay { get; set; }

    /// <summary>When the caller stops waiting (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    public long DeadlineMilliseconds { get; private set; }

    /// <summary>The command timeout in milliseconds, used for the stuck-connection rule.</summary>
    public long TimeoutMilliseconds { get; private set; }

    /// <summary>When the writer committed the command to the pipe (<see cref="Environment.TickCount64"/>).</summary>
    public long WrittenAtMilliseconds { get; private set; }

    /// <summary>Whether the caller has been given a result, an error, a timeout or a cancellation.</summary>
    public bool IsCallerCompleted => Volatile.Read(ref _callerState) != 0;

    /// <summary>Whether the command was committed to a connection's pipe.</summary>
    public bool IsWritten => Volatile.Read(ref _wireState) == WireWritten;

    /// <summary>
    /// Whether the command belongs to the connection it was queued on (a subscription change: the
    /// subscriptions live on that connection), so a retired node's unsent commands never go elsewhere.
    /// </summary>
    public virtual bool IsConnectionBound => false;

    /// <summary>Whether the command is answered by push frames (a RESP3 (un)subscribe and its confirmations).</summary>
    public virtual bool TakesPushReplies => false;

    /// <summary>
    /// Whether the command takes several replies (a batch, a transaction, a subscription change): it
    /// stays at the head of the in-flight queue until <see cref="OnReply"/> says it is done. Every other
    /// command is answered by exactly one reply and leaves the queue as that reply arrives, except a cache
    /// fill's read in opt-in tracking (<see cref="AsksCaching"/>), which stays at the head until the reply
    /// to <c>CLIENT CACHING YES</c> before it is in.
    /// </summary>
    public virtual bool TakesSeveralReplies => _cachingReplyPending;

    /// <summary>Keeps the command, and so its buffer, from being recycled while a write reads its frame; call it before the write starts.</summary>
    public void HoldForWrite() => AddHold();

    /// <summary>Ends a <see cref="HoldForWrite"/> once the write is done with the frame (it may recycle the command).</summary>
    public void ReleaseAfterWrite() => ReleaseHold();

    /// <summary>
    /// The command whose keys place this one on a node and a connection: itself, or for a batch or a
    /// transaction the first of its commands that has keys.
    /// </summary>
    public virtual PendingCommand KeySource => this;

    /// <summary>
    /// Whether a large bulk reply to this command is best received into a buffer rented from the shared
    /// pool, which its parser takes over (<see cref="Commands.ILeaseParser"/>), rather than into an array
    /// of its own.
    /// </summary>
    public virtual bool TakesPooledPayload => false;

    /// <summary>The commands of a unit (a batch, a transaction), in order; null for a single command.</summary>
    public virtual IReadOnlyList<PendingCommand>? Parts => null;

    /// <summary>
    /// For a command with no encoding of its own (a batch): the commands whose frames make up its frame,
    /// back to back. The writer commits them in order under one output claim, so they are contiguous on
    /// the wire, without first copying them into one buffer. Null when <see cref="Encoded"/> is the frame.
    /// </summary>
    public virtual IReadOnlyList<PendingCommand>? FrameParts => null;

    /// <summary>
    /// Lets <paramref name="transform"/> replace the reply parser (a key-prefix view strips its prefix from
    /// the keys a reply names); call it before the command is queued. A command without a parser of its
    /// own (a batch, a transaction) ignores it.
    /// </summary>
    public virtual void TransformReply(IReplyTransform transform)
    {
    }

    /// <summary>Sets the command up for a new use: name, timeout, and an empty encoding buffer.</summary>
    protected void Initialize(CommandSpec command, TimeSpan timeout)
    {
        Command = command;
        _length = 0;
        _wireState = WireQueued;
        _hasRegistration = false;
        _callbackState = CallbackNone;
        _inAtomicUnit = false;
        Volatile.Write(ref _callerState, 0);
        TimeoutMilliseconds = (long)timeout.TotalMilliseconds;
        DeadlineMilliseconds = Environment.TickCount64 + TimeoutMilliseconds;
        WrittenAtMilliseconds = 0;
        Endpoint = null;
        Redirects = null;
        Redirected = null;
        Retrier = null;
        RetryMode = RetryMode.IdempotentOnly;
        RetryAttempts = 0;
        PreviousRetryDelay = TimeSpan.Zero;
        _mayHaveRun = false;
        ResetTracking();
        ResetTelemetry();
    }

    /// <summary>Links the caller's token: cancelling it releases the caller (never the wire slot).</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            // Set first: a token already cancelled runs the callback inside UnsafeRegister.
            _hasRegistration = true;
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingCommand)state!).OnCancelled(token), this);
        }
    }

    /// <summary>
    /// Called by the writer loop just before it commits the frame. Returns false when the caller has
    /// already gone (cancelled or timed out): the command is then skipped and never sent.
    /// </summary>
    public virtual bool TryBeginWrite()
    {
        if (IsCallerCompleted || Interlocked.CompareExchange(ref _wireState, WireWritten, WireQueued) != WireQueued)
        {
            MarkAbandoned();
            return false;
        }

        WrittenAtMilliseconds = Environment.TickCount64;
        BeginCachingAttempt();
        return true;
    }

    /// <summary>
    /// Undoes <see cref="TryBeginWrite"/> for a command that was not committed after all (its session
    /// failed first), so it can be written on the next session.
    /// </summary>
    public virtual void RevertWrite() => Interlocked.CompareExchange(ref _wireState, WireQueued, WireWritten);

    /// <summary>
    /// Marks the command as part of a MULTI/EXEC unit: it cannot be dropped from the unit, so a caller
    /// that cancels or times out before the unit is sent is told that it may still run. Call it before
    /// the caller's cancellation is registered.
    /// </summary>
    public void JoinAtomicUnit() => _inAtomicUnit = true;

    /// <summary>
    /// Takes a command whose reply redirected it (MOVED, ASK, TRYAGAIN) back from the wire that carried it,
    /// so it can be queued again, as it is encoded, on another connection: the server did not run it. The
    /// wire that carried it still lets go of it once; the new wire holds it until its own reply.
    /// </summary>
    public void PrepareResend()
    {
        AddHold();
        Interlocked.Exchange(ref _wireState, WireQueued);
        WrittenAtMilliseconds = 0;
    }

    /// <summary>
    /// Takes a command its failed connection drained from the in-flight queue back, to be queued again
    /// by a retry (<see cref="Resilience.CommandRetrier"/>) with its caller, deadline and registration as
    /// they are. <paramref name="mayHaveRun"/>: it was written, so every later failure says it may have run.
    /// The failed wire still lets go of it once; the next wire holds it until its own reply.
    /// </summary>
    public void PrepareRetry(bool mayHaveRun)
    {
        _mayHaveRun |= mayHaveRun;
        PrepareResend();
    }

    /// <summary>Moves the deadline (a command joining a batch takes the batch's).</summary>
    public void SetDeadline(long deadlineMilliseconds) => DeadlineMilliseconds = deadlineMilliseconds;

    /// <summary>
    /// Marks a command as written as part of a batch (the batch, not the command, went through
    /// <see cref="TryBeginWrite"/>): a failure now says it may have run, and its deadline restarts.
    /// </summary>
    public void MarkWrittenInBatch(long deadlineMilliseconds)
    {
        Interlocked.Exchange(ref _wireState, WireWritten);
        WrittenAtMilliseconds = Environment.TickCount64;
        DeadlineMilliseconds = deadlineMilliseconds;
    }

    /// <summary>Marks a never-written command as abandoned (skipped by the writer, or failed while queued).</summary>
    public void MarkAbandoned() => Interlocked.CompareExchange(ref _wireState, WireAbandoned, WireQueued);

    /// <summary><see cref="MarkAbandoned"/> for a command no other thread has seen (never queued).</summary>
    protected void AbandonUnshared() => _wireState = WireAbandoned;

    /// <summary>
    /// Ends a command that will not be sent (again) by whoever holds it: its caller gets
    /// <paramref name="error"/> (when not answered already), and the command is let go of.
    /// </summary>
    public void Abandon(Exception? error)
    {
        if (error is not null)
        {
            TryFail(error);
        }

        MarkAbandoned();
        ReleaseWire();
    }

    /// <summary>
    /// Called by the reader loop with the next reply frame for this command. Returns true when the
    /// command has all its replies (one for a plain command; a batch takes one per command in it).
    /// </summary>
    public virtual bool OnReply(in ReadOnlySequence<byte> frame)
    {
        if (TryTakeCachingReply(frame))
        {
            return false; // CLIENT CACHING YES's reply; the command's own follows
        }

        if (Redirects is { } redirects && IsErrorFrame(frame) && !IsCallerCompleted)
        {
            // Sent again, if at all, without CLIENT CACHING YES and not stored: an ASK puts ASKING between
            // the two, which the server would not track.
            StopAskingCaching();
            if (redirects.TryRedirect(this, frame))
            {
                return true; // sent again elsewhere, or failed with the cluster's reason
            }
        }

        if (!TryClaimCaller())
        {
            return true; // a tombstone: the caller has gone, the reply is discarded
        }

        var reader = new RespReader(frame);
        reader.TryMoveNext();
        if (reader.IsError)
        {
            var message = reader.ReadString() ?? string.Empty;
            SetCallerException(new RedisServerException(message, Command.Name, Endpoint));
            return true;
        }

        try
        {
            SetCallerResult(ref reader);
        }
        catch (Exception ex)
        {
            // The caller is claimed: whatever the parser threw (a reply of an unexpected shape, or a bug
            // in the parser itself), the caller gets it rather than waiting forever (invariant 2).
            SetCallerException(new RedisException(
                $"Unexpected reply to {Command.Name} from {Endpoint}: {ex.Message}", ex)
            { Command = Command.Name, Endpoint = Endpoint });
        }

        return true;
    }

    /// <summary>
    /// Lets go of the wire's hold on the command: its reply has been read, or it was skipped or
    /// failed without being written. The command may be recycled afterwards.
    /// </summary>
    public abstract void ReleaseWire();

    /// <summary>Completes the caller with an error, unless it is already completed.</summary>
    /// <returns>Whether this call completed the caller.</returns>
    public virtual bool TryFail(Exception exception)
    {
        if (!TryClaimCaller())
        {
            return false;
        }

        SetCallerException(_mayHaveRun ? MayHaveRun(exception) : exception);
        return true;
    }

    /// <summary>Completes the caller with a timeout if its deadline has passed.</summary>
    public virtual bool TryTimeOut(long now)
    {
        if (now < DeadlineMilliseconds || IsCallerCompleted)
        {
            return false;
        }

        var outcome = CurrentOutcome;
        var where = outcome == CommandOutcome.NotSent ? "while queued (not sent)"
            : IsWritten ? "waiting for its reply (it may have run)"
            : _mayHaveRun ? "while queued to be sent again (an earlier send may have run)"
            : "in a transaction not sent yet (it runs if the transaction is sent)";
        return TryFail(new RedisTimeoutException(
            $"{Command.Name} timed out after {TimeoutMilliseconds} ms {where}; server {Endpoint ?? "(not connected)"}.", outcome)
        { Command = Command.Name, Endpoint = Endpoint });
    }

    /// <summary>Gives the outcome a failure right now would have.</summary>
    public CommandOutcome CurrentOutcome => IsWritten || _inAtomicUnit || _mayHaveRun ? CommandOutcome.Unknown : CommandOutcome.NotSent;

    /// <summary>
    /// Runs the continuation of a caller whose result a <see cref="CompletionBatch"/> collected: on this
    /// thread (<paramref name="inline"/>) or as a work item of its own; then lets go of the batch's hold.
    /// </summary>
    public virtual void RunCompletion(bool inline) => throw new InvalidOperationException($"{GetType().Name} does not complete through a batch.");

    /// <summary>Parses the reply and completes the caller with the result.</summary>
    protected abstract void SetCallerResult(ref RespReader reader);

    /// <summary>Completes the caller with an exception.</summary>
    protected abstract void SetCallerException(Exception exception);

    /// <summary>Keeps the command from being recycled until <see cref="ReleaseHold"/> (a late cancellation callback is running).</summary>
    protected abstract void AddHold();

    /// <summary>Lets go of a hold taken with <see cref="AddHold"/>.</summary>
    protected abstract void ReleaseHold();

    /// <summary>
    /// A "not sent" failure of a command that an earlier send may have run, told as "may have run": the
    /// caller must not take it for a command that certainly did not run.
    /// </summary>
    private Exception MayHaveRun(Exception exception) => exception switch
    {
        RedisTimeoutException { Outcome: CommandOutcome.NotSent } timeout => new RedisTimeoutException(
            $"{timeout.Message} An earlier send, before its connection failed, may have run.", CommandOutcome.Unknown, timeout)
        { Command = Command.Name, Endpoint = timeout.Endpoint ?? Endpoint },
        RedisCrossSlotException => exception, // the keys were checked before the first send; kept as it is
        RedisClusterException { Outcome: CommandOutcome.NotSent } cluster => new RedisClusterException(
            $"{cluster.Message} An earlier send, before its connection failed, may have run.", cluster.Slots, cluster.NodesTried, CommandOutcome.Unknown, cluster)
        { Command = Command.Name, Endpoint = cluster.Endpoint ?? Endpoint },
        RedisConnectionException { Outcome: CommandOutcome.NotSent } connection => new RedisConnectionException(
            $"{connection.Message} An earlier send, before its connection failed, may have run.", CommandOutcome.Unknown, connection)
        { Command = Command.Name, Endpoint = connection.Endpoint ?? Endpoint },
        _ => exception,
    };

    private static bool IsErrorFrame(in ReadOnlySequence<byte> frame) =>
        !frame.IsEmpty && frame.FirstSpan[0] == (byte)RespPrefix.SimpleError;

    private bool TryClaimCaller()
    {
        if (Interlocked.Exchange(ref _callerState, 1) != 0)
        {
            return false;
        }

        if (_hasRegistration)
        {
            _hasRegistration = false;
            var registration = _cancellation;
            _cancellation = default;
            if (!registration.Unregister())
            {
                // The callback is running right now on another thread (or this is it). Until it has
                // finished, the command must not be recycled: a late callback would otherwise find the
                // next use's caller unclaimed and cancel it. Hold a reference that it lets go of.
                AddHold();
                if (Interlocked.CompareExchange(ref _callbackState, CallbackHeld, CallbackNone) == CallbackFinished)
                {
                    ReleaseHold();
                }
            }
        }

        return true;
    }

    private void OnCancelled(CancellationToken token)
    {
        if (TryClaimCaller())
        {
            var message = CurrentOutcome == CommandOutcome.NotSent
                ? $"{Command.Name} was cancelled before it was sent."
                : _mayHaveRun && !IsWritten
                    ? $"{Command.Name} was cancelled while waiting to be sent again; an earlier send, before its connection failed, may have run."
                : _inAtomicUnit && !IsWritten
                    ? $"{Command.Name} was cancelled, but it belongs to a transaction, which runs as a whole: it runs if the transaction is sent; its reply will be discarded."
                    : $"{Command.Name} was cancelled after it was sent (it may have run); its reply will be discarded.";
            SetCallerException(new OperationCanceledException(message, token));
        }

        // Last touch of this use: let go of the hold a claimer may have taken while this ran.
        if (Interlocked.Exchange(ref _callbackState, CallbackFinished) == CallbackHeld)
        {
            ReleaseHold();
        }
    }
}
