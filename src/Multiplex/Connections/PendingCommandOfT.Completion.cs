using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Multiplex.Connections;

/// <summary>The caller's completion: a value-task source whose result is published before its continuation runs.</summary>
internal sealed partial class PendingCommand<T>
{
    // Stored as the continuation once the outcome is published, when no continuation was waiting: a
    // continuation registered after it runs as a work item of its own.
    private static readonly Action<object?> Published = static _ => throw new InvalidOperationException("A completed command's marker was run as a continuation.");

    private Action<object?>? _continuation;
    private object? _continuationState;
    private ExecutionContext? _executionContext;
    private object? _scheduler;
    private T _result = default!;
    private ExceptionDispatchInfo? _error;
    private int _published;
    private short _version;

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token)
    {
        CheckToken(token);
        if (Volatile.Read(ref _published) == 0)
        {
            return ValueTaskSourceStatus.Pending;
        }

        return _error is null ? ValueTaskSourceStatus.Succeeded
            : _error.SourceException is OperationCanceledException ? ValueTaskSourceStatus.Canceled
            : ValueTaskSourceStatus.Faulted;
    }

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        CheckToken(token);
        if ((flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0)
        {
            _executionContext = ExecutionContext.Capture();
        }

        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0)
        {
            if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
            {
                _scheduler = context;
            }
            else if (TaskScheduler.Current != TaskScheduler.Default)
            {
                _scheduler = TaskScheduler.Current;
            }
        }

        _continuationState = state;
        var previous = Interlocked.CompareExchange(ref _continuation, continuation, null);
        if (previous is null)
        {
            return;
        }

        if (!ReferenceEquals(previous, Published))
        {
            throw new InvalidOperationException("A command's result can be awaited once only.");
        }

        // Already published: run it as a work item, never on the awaiting thread's stack.
        _continuation = continuation;
        InvokeContinuation(inline: false);
    }

    /// <inheritdoc />
    public override void RunCompletion(bool inline)
    {
        InvokeContinuation(inline);
        ReleaseHold();
    }

    /// <summary>
    /// Publishes the outcome stored in <see cref="_result"/> or <see cref="_error"/>. A waiting continuation
    /// joins the reader loop's batch when one is collecting, or runs as a work item of its own.
    /// </summary>
    private void Signal()
    {
        Volatile.Write(ref _published, 1);
        var continuation = Volatile.Read(ref _continuation) ?? Interlocked.CompareExchange(ref _continuation, Published, null);
        if (continuation is null)
        {
            return; // nobody waits yet: the caller finds the outcome when it awaits
        }

        if (CompletionBatch.Collecting is { } batch)
        {
            AddHold(); // the batch's hold, let go of in RunCompletion
            batch.Add(this);
            return;
        }

        InvokeContinuation(inline: false);
    }

    private T ReadOutcome(short token)
    {
        CheckToken(token);
        if (Volatile.Read(ref _published) == 0)
        {
            throw new InvalidOperationException("The command's result was read before it completed.");
        }

        _error?.Throw();
        return _result;
    }

    private void InvokeContinuation(bool inline)
    {
        var continuation = _continuation!;
        var state = _continuationState;
        switch (_scheduler)
        {
            case SynchronizationContext context:
                context.Post(static s => ((ContinuationCall)s!).Run(), new ContinuationCall(continuation, state, null));
                return;
            case TaskScheduler scheduler:
                _ = System.Threading.Tasks.Task.Factory.StartNew(continuation, state, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
                return;
        }

        if (_executionContext is { } executionContext)
        {
            var call = new ContinuationCall(continuation, state, executionContext);
            if (inline)
            {
                call.Run();
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: true);
            }

            return;
        }

        if (inline)
        {
            continuation(state);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(continuation, state, preferLocal: true);
        }
    }

    private void ResetCompletion()
    {
        _version++;
        _continuation = null;
        _continuationState = null;
        _executionContext = null;
        _scheduler = null;
        _result = default!;
        _error = null;
        Volatile.Write(ref _published, 0);
    }

    private void CheckToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("The command's result was awaited after it had been read (a ValueTask awaited twice).");
        }
    }

    /// <summary>A continuation to run in the execution context it was registered with, or on a synchronization context.</summary>
    private sealed class ContinuationCall(Action<object?> continuation, object? state, ExecutionContext? executionContext) : IThreadPoolWorkItem
    {
        public void Execute() => Run();

        public void Run()
        {
            if (executionContext is null)
            {
                continuation(state);
            }
            else
            {
                ExecutionContext.Run(executionContext, static s => ((ContinuationCall)s!).RunHere(), this);
            }
        }

        private void RunHere() => continuation(state);
    }
}
