using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;
using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <summary>
/// A pooled pending command whose caller awaits a <see cref="ValueTask{T}"/>. Two parties hold it:
/// the caller (until it has read the result) and the wire (until the reply has been read, or the
/// command was skipped or failed). It returns to the pool only when both have let go, and every reuse
/// bumps the completion's version, so a stale <see cref="ValueTask{T}"/> can never observe a recycled
/// completion (it throws instead).
/// </summary>
/// <remarks>
/// The completion is its own (not <see cref="ManualResetValueTaskSourceCore{TResult}"/>) so that
/// publishing a result and running the caller's continuation are two steps: the reader loop publishes
/// every result of one read and hands the waiting continuations to one <see cref="CompletionBatch"/>.
/// Completions from anywhere else (timeouts, cancellation, failures) run the continuation as a work item
/// of its own, as before. Continuations never run on the thread that completes them.
/// </remarks>
/// <typeparam name="T">The result type.</typeparam>
internal sealed partial class PendingCommand<T> : PendingCommand, IValueTaskSource<T>
{
    // Enough pooled commands for thousands of concurrent callers; beyond it, extra ones are left to the GC.
    private const int MaxPooled = 4096;

    private static readonly ConcurrentQueue<PendingCommand<T>> Pool = new();
    private static int _pooledCount;

    // One recycled command per thread, tried before the shared pool. A caller's own read of its result
    // is usually the last release, so the caller's next command reuses it on the same thread without
    // touching the shared queue and counter, whose cache lines every core otherwise contends for.
    [ThreadStatic]
    private static PendingCommand<T>? _threadCached;

    private ReplyParser<T> _parser = null!;
    private int _references;
    private int _callerReleased;

    private PendingCommand()
    {
    }

    /// <summary>The task the caller awaits.</summary>
    public ValueTask<T> Task => new(this, _version);

    /// <summary>Takes a command from the pool (or makes one) for a new use.</summary>
    public static PendingCommand<T> Rent(CommandSpec command, ReplyParser<T> parser, TimeSpan timeout)
    {
        var pending = _threadCached;
        if (pending is not null)
        {
            _threadCached = null;
        }
        else if (Pool.TryDequeue(out pending))
        {
            Interlocked.Decrement(ref _pooledCount);
        }
        else
        {
            pending = new PendingCommand<T>();
        }

        pending._parser = parser;
        pending._references = 2; // the caller and the wire
        pending._callerReleased = 0;
        pending.Initialize(command, timeout);
        return pending;
    }

    /// <inheritdoc />
    public T GetResult(short token)
    {
        try
        {
            return ReadOutcome(token);
        }
        finally
        {
            ReleaseCaller(token);
        }
    }

    /// <inheritdoc />
    public override void ReleaseWire() => Release();

    /// <inheritdoc />
    public override bool TakesPooledPayload => _parser is Commands.ILeaseParser;

    /// <summary>The parser the reply will be read with; the client-side cache wraps it to store the reply.</summary>
    public ReplyParser<T> Parser
    {
        get => _parser;
        set => _parser = value;
    }

    /// <summary>
    /// Returns a command that was encoded and never queued (the client-side cache answered it) to the
    /// pool: both the caller's and the wire's holds end here, and its task is never awaited.
    /// </summary>
    public void Recycle()
    {
        // No other thread has seen the command, so plain writes do what MarkAbandoned and the two
        // releases would do with three atomic operations.
        AbandonUnshared();
        _callerReleased = 1;
        _references = 0;
        ReturnToPool();
    }

    /// <inheritdoc />
    public override void TransformReply(IReplyTransform transform) => _parser = transform.Transform(Command, _parser);

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader)
    {
        _result = _parser.Parse(ref reader);
        EndTelemetry(null); // before the caller can resume, read the result and recycle the command
        Signal();
    }

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception)
    {
        _error = ExceptionDispatchInfo.Capture(exception);
        if (exception is RedisTimeoutException)
        {
            RecordTimeout();
        }

        EndTelemetry(exception);
        Signal();
    }

    /// <inheritdoc />
    protected override void AddHold() => Interlocked.Increment(ref _references);

    /// <inheritdoc />
    protected override void ReleaseHold() => Release();

    private void ReleaseCaller(short token)
    {
        // A stale token has already made ReadOutcome throw; only the first GetResult of the
        // current use releases the caller's reference (awaiting a ValueTask twice is a caller bug
        // that must not recycle the command under the wire).
        if (token == _version && Interlocked.Exchange(ref _callerReleased, 1) == 0)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        ReturnToPool();
    }

    /// <summary>Resets the command once nobody holds it and gives it back to the pool.</summary>
    private void ReturnToPool()
    {
        ResetCompletion();
        if (_parser is Caching.ICacheFill fill)
        {
            fill.Finish();
        }

        _parser = null!;
        ResetBuffer();
        if (_threadCached is null)
        {
            _threadCached = this;
        }
        else if (Interlocked.Increment(ref _pooledCount) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooledCount);
        }
    }
}
