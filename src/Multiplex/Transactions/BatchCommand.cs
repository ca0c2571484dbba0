using System.Buffers;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Transactions;

/// <summary>
/// Several commands written as one contiguous unit and answered in order: one entry in the in-flight
/// queue that takes one reply per command. Each command keeps its own caller, so one command's server
/// error fails only that command. The batch has no encoding of its own: the writer commits its
/// commands' frames back to back (<see cref="FrameParts"/>), so a large value in one of them is not
/// copied again.
/// </summary>
internal sealed class BatchCommand : PendingCommand
{
    // Not a Redis command: the name under which a batch appears in messages.
    private static readonly CommandSpec BatchToken = CommandSpec.Other("BATCH");

    // What an answered batch holds: never added to (only a batch being written filters its list).
    private static readonly List<PendingCommand> Answered = new(0);

    // Usually the list the batch was collected in, rented from CommandLists: returned there once every
    // reply is in (see OnReply), when no writer, sweep or failure path can read it any more.
    private List<PendingCommand> _commands;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _progress = new();
    private int _answered;

    public BatchCommand(List<PendingCommand> commands, TimeSpan timeout)
    {
        _commands = commands;
        Initialize(BatchToken, timeout);
        foreach (var command in commands)
        {
            command.SetDeadline(DeadlineMilliseconds);
        }
    }

    /// <summary>Completes when every command in the batch has its outcome.</summary>
    public Task Completion => _completion.Task;

    /// <summary>How many commands the batch holds.</summary>
    public int Count => _commands.Count;

    /// <inheritdoc />
    public override bool TakesSeveralReplies => true;

    /// <summary>
    /// Whether the command the batch's next reply belongs to takes a large reply's payload in a pooled
    /// buffer (a lease in the batch): the reader loop then receives it into one, which that command
    /// takes over, instead of an array the lease would copy. Read by the reader loop, the only thread
    /// that moves the batch on to its next reply.
    /// </summary>
    public override bool TakesPooledPayload
    {
        get
        {
            lock (_progress)
            {
                return _answered < _commands.Count && _commands[_answered].TakesPooledPayload;
            }
        }
    }

    /// <inheritdoc />
    public override PendingCommand KeySource => _commands.Find(command => command.Command.Keys.HasKeys) ?? this;

    /// <inheritdoc />
    public override IReadOnlyList<PendingCommand> Parts => _commands;

    /// <inheritdoc />
    public override IReadOnlyList<PendingCommand> FrameParts => _commands;

    /// <summary>
    /// Claims the batch and each of its commands for the wire, just before the writer commits it. A
    /// command whose caller has gone (cancelled, or timed out) is dropped and never sent (invariant 3);
    /// the rest are written without it. When every command has gone, nothing is written and the batch
    /// completes.
    /// </summary>
    public override bool TryBeginWrite()
    {
        if (IsCallerCompleted)
        {
            MarkAbandoned();
            return false;
        }

        // Usually every command is still wanted: the list is copied only when one has gone.
        List<PendingCommand>? kept = null;
        for (var i = 0; i < _commands.Count; i++)
        {
            var command = _commands[i];
            if (command.TryBeginWrite())
            {
                kept?.Add(command);
                continue;
            }

            kept ??= _commands.GetRange(0, i);
            command.ReleaseWire();
        }

        kept ??= _commands;
        if (kept.Count == 0)
        {
            _commands = kept;
            _completion.TrySetResult();
            MarkAbandoned();
            return false;
        }

        if (!base.TryBeginWrite())
        {
            // The batch's caller left at this very moment: none of the claimed commands is sent.
            foreach (var command in kept)
            {
                command.RevertWrite();
            }

            _commands = kept;
            return false;
        }

        _commands = kept;
        return true;
    }

    /// <inheritdoc />
    public override void RevertWrite()
    {
        // Not committed after all (the session failed first): every command goes back with the batch.
        foreach (var command in _commands)
        {
            command.RevertWrite();
        }

        base.RevertWrite();
    }

    /// <inheritdoc />
    public override bool OnReply(in ReadOnlySequence<byte> frame)
    {
        PendingCommand command;
        bool last;
        List<PendingCommand>? answered = null;
        lock (_progress)
        {
            if (_answered == _commands.Count)
            {
                return true;
            }

            if (_answered == 0)
            {
                // The whole batch went out in one write: every command in it may now have run.
                foreach (var written in _commands)
                {
                    written.Endpoint = Endpoint;
                    written.Server = Server;
                    written.MarkWrittenInBatch(DeadlineMilliseconds);
                }
            }

            command = _commands[_answered++];
            last = _answered == _commands.Count;
            if (last)
            {
                // Every command was written and answered: the writer is done with the list (it counted
                // the parts before writing them), and the sweep and failure paths read it under this
                // lock, where from now on they find an empty batch. The list goes back to the pool.
                answered = _commands;
                _commands = Answered;
                _answered = 0;
            }
        }

        command.OnReply(frame);
        command.ReleaseWire();
        if (answered is not null)
        {
            CommandLists.Return(answered);
            _completion.TrySetResult();
        }

        return last;
    }

    /// <inheritdoc />
    public override bool TryFail(Exception exception)
    {
        foreach (var command in TakeUnanswered())
        {
            command.TryFail(exception is RedisConnectionException connection ? Reword(connection, command) : exception);
            command.ReleaseWire();
        }

        base.TryFail(exception);
        _completion.TrySetException(exception);
        return true;
    }

    /// <inheritdoc />
    public override bool TryTimeOut(long now)
    {
        if (now < DeadlineMilliseconds)
        {
            return false;
        }

        // The batch's own caller (if still waiting), then every command not yet answered: their
        // replies are still to come and will be discarded, so the slots stay. The caller is claimed
        // through the base TryFail: this class's TryFail settles every command as answered, and the
        // batch would then leave the in-flight queue on its first late reply, handing the rest to the
        // commands behind it.
        if (!IsCallerCompleted)
        {
            var outcome = CurrentOutcome;
            var where = outcome == CommandOutcome.NotSent ? "while queued (not sent)" : "waiting for its replies (its commands may have run)";
            base.TryFail(new RedisTimeoutException(
                $"The batch of {_commands.Count} commands timed out after {TimeoutMilliseconds} ms {where}; server {Endpoint ?? "(not connected)"}.", outcome)
            { Command = Command.Name, Endpoint = Endpoint });
        }

        lock (_progress)
        {
            for (var i = _answered; i < _commands.Count; i++)
            {
                _commands[i].TryTimeOut(now);
            }
        }

        return true;
    }

    /// <summary>The batch was never written (cancelled, timed out or failed while queued): fail every command in it.</summary>
    private void FailUnsent(Exception exception)
    {
        foreach (var command in TakeUnanswered())
        {
            command.TryFail(exception);
            command.MarkAbandoned();
            command.ReleaseWire();
        }

        _completion.TrySetException(exception);
    }

    /// <inheritdoc />
    public override void ReleaseWire()
    {
        // The batch object is not pooled (it is dropped once its caller is done with it). A batch let go
        // of without being written was skipped: its commands were never sent.
        if (!IsWritten)
        {
            FailUnsent(new RedisConnectionException(
                $"The batch of {_commands.Count} commands was not sent to {Endpoint ?? "the server"}: it was cancelled, timed out or failed before it was written.",
                CommandOutcome.NotSent)
            { Endpoint = Endpoint });
        }

    }

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader) => throw new InvalidOperationException("A batch receives its replies command by command.");

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception) => _completion.TrySetException(exception);

    /// <inheritdoc />
    protected override void AddHold()
    {
        // A batch is not pooled: nothing can recycle it under a late callback.
    }

    /// <inheritdoc />
    protected override void ReleaseHold()
    {
    }

    private static RedisConnectionException Reword(RedisConnectionException exception, PendingCommand command) =>
        new(exception.Message.Replace("BATCH", command.Command.Name, StringComparison.Ordinal), exception.Outcome, exception.InnerException)
        {
            Endpoint = exception.Endpoint,
            Command = command.Command.Name,
        };

    private List<PendingCommand> TakeUnanswered()
    {
        lock (_progress)
        {
            var rest = _commands.GetRange(_answered, _commands.Count - _answered);
            _answered = _commands.Count;
            return rest;
        }
    }
}
