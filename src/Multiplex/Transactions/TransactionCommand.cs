using System.Buffers;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Transactions;

/// <summary>
/// A MULTI/EXEC transaction on the wire: <c>MULTI</c>, the queued commands and <c>EXEC</c>, written
/// as one contiguous unit and held as one in-flight entry that takes 1 + N + 1 replies: MULTI's OK,
/// one QUEUED (or a queue-time error) per command, then EXEC's reply. The elements of EXEC's array are
/// sliced out of the frame and handed, in order, to each command's own parser, so each command
/// completes with its own typed result or its own error.
/// </summary>
/// <remarks>
/// The commands are settled exactly once: when EXEC's reply is read, or when the transaction fails
/// (connection lost, or never written). A timeout releases the callers but keeps counting replies, so
/// the in-flight queue stays in step (ARCHITECTURE.md, invariants 2 and 3).
/// </remarks>
internal sealed class TransactionCommand : PendingCommand
{
    private static readonly CommandSpec ExecToken = CommandSpec.Other("EXEC");
    private static readonly CommandSpec MultiToken = CommandSpec.Other("MULTI");

    private readonly List<PendingCommand> _commands;
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _progress = new();
    private int _frames;
    private bool _settled;
    private int _timedOut;
    private string? _multiError;
    private Dictionary<int, string>? _refused;

    // 1 while a unit sent again still has to be let go of by the wire that carried it first.
    private int _sentAgain;

    public TransactionCommand(List<PendingCommand> commands, TimeSpan timeout)
    {
        _commands = commands;
        Initialize(ExecToken, timeout);
        Reserve(MultiToken.Token.Encoded.Length + commands.Sum(command => command.Encoded.Length) + ExecToken.Token.Encoded.Length + 8); // 8: the two "*1\r\n" headers
        CommandEncoder.Write(this, MultiToken);
        foreach (var command in commands)
        {
            command.SetDeadline(DeadlineMilliseconds);
            this.Write(command.Encoded);
        }

        CommandEncoder.Write(this, ExecToken);
    }

    /// <summary>True when EXEC ran the commands, false when it was discarded (a watched key changed).</summary>
    /// <exception cref="TransactionAbortedException">The server refused the transaction (EXECABORT).</exception>
    public Task<bool> Completion => _completion.Task;

    /// <summary>How many commands the transaction holds (MULTI and EXEC aside).</summary>
    public int Count => _commands.Count;

    /// <inheritdoc />
    public override bool TakesSeveralReplies => true;

    /// <inheritdoc />
    public override PendingCommand KeySource => _commands.Find(command => command.Command.Keys.HasKeys) ?? this;

    /// <inheritdoc />
    public override IReadOnlyList<PendingCommand> Parts => _commands;

    /// <inheritdoc />
    public override bool OnReply(in ReadOnlySequence<byte> frame)
    {
        int index;
        lock (_progress)
        {
            index = _frames++;
            if (index == 0 && !_settled)
            {
                // The whole unit went out in one write: every command in it may now have run.
                foreach (var written in _commands)
                {
                    written.Endpoint = Endpoint;
                    written.Server = Server;
                    written.MarkWrittenInBatch(DeadlineMilliseconds);
                }
            }
        }

        var last = index == _commands.Count + 1;
        if (index == 0 || !last)
        {
            RecordQueueReply(frame, index);
            return false;
        }

        lock (_progress)
        {
            if (_settled)
            {
                return true;
            }

            _settled = true;
        }

        OnExecReply(frame);
        return true;
    }

    /// <inheritdoc />
    public override bool TryFail(Exception exception)
    {
        var claimed = base.TryFail(exception);
        List<PendingCommand>? commands = null;
        lock (_progress)
        {
            if (!_settled)
            {
                _settled = true;
                commands = _commands;
            }
        }

        if (commands is not null)
        {
            var written = IsWritten;
            foreach (var command in commands)
            {
                command.TryFail(ForCommand(exception, command));
                if (!written)
                {
                    command.MarkAbandoned();
                }

                command.ReleaseWire();
            }
        }

        return claimed;
    }

    /// <inheritdoc />
    public override bool TryTimeOut(long now)
    {
        if (now < DeadlineMilliseconds || Interlocked.Exchange(ref _timedOut, 1) != 0)
        {
            return false;
        }

        // The transaction's caller and every command's: EXEC's reply is still to come (or the unit is
        // still queued) and will be read and discarded, so the slot stays.
        var outcome = CurrentOutcome;
        var where = outcome == CommandOutcome.NotSent ? "while queued (not sent)" : "waiting for EXEC's reply (it may have run)";
        var exception = new RedisTimeoutException(
            $"The transaction of {_commands.Count} commands timed out after {TimeoutMilliseconds} ms {where}; server {Endpoint ?? "(not connected)"}.", outcome)
        { Command = Command.Name, Endpoint = Endpoint };
        base.TryFail(exception);
        lock (_progress)
        {
            if (!_settled)
            {
                foreach (var command in _commands)
                {
                    command.TryFail(ForCommand(exception, command));
                }
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override void ReleaseWire()
    {
        if (Interlocked.Exchange(ref _sentAgain, 0) == 1)
        {
            // Sent again after MOVED: the first wire lets go of it, the new one keeps it.
            return;
        }

        // The transaction object is not pooled; its encoding buffer is. A transaction let go of without
        // being written was skipped (its caller cancelled it, or it timed out while queued): none of its
        // commands ran.
        if (!IsWritten)
        {
            TryFail(new OperationCanceledException(
                $"The transaction of {_commands.Count} commands was not sent to {Endpoint ?? "the server"}: it was cancelled or timed out before it was written."));
        }

        ReturnBuffer();
    }

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader) => throw new InvalidOperationException("A transaction receives its replies command by command.");

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception) => _completion.TrySetException(exception);

    /// <inheritdoc />
    protected override void AddHold()
    {
        // A transaction is not pooled: nothing can recycle it under a late callback.
    }

    /// <inheritdoc />
    protected override void ReleaseHold()
    {
    }

    private static Exception ForCommand(Exception exception, PendingCommand command) => exception switch
    {
        RedisTimeoutException timeout => new RedisTimeoutException(
            $"{command.Command.Name} was part of a transaction that timed out: {timeout.Message}", timeout.Outcome)
        { Command = command.Command.Name, Endpoint = timeout.Endpoint },
        RedisConnectionException connection => new RedisConnectionException(
            $"{command.Command.Name} was part of a transaction whose EXEC reply did not arrive ({(connection.Outcome == CommandOutcome.NotSent ? "it was not sent" : "it may have run")}): {connection.Message}",
            connection.Outcome,
            connection)
        { Command = command.Command.Name, Endpoint = connection.Endpoint },
        OperationCanceledException cancelled => new OperationCanceledException($"{command.Command.Name} did not run: {cancelled.Message}", cancelled),
        _ => exception,
    };

    private void RecordQueueReply(in ReadOnlySequence<byte> frame, int index)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        if (!reader.IsError)
        {
            return;
        }

        var message = reader.ReadString() ?? string.Empty;
        lock (_progress)
        {
            if (index == 0)
            {
                _multiError = message;
            }
            else
            {
                (_refused ??= [])[index - 1] = message;
            }
        }
    }

    private void OnExecReply(in ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        if (reader.IsError)
        {
            var execError = reader.ReadString() ?? string.Empty;
            if (!TrySendAgain(execError))
            {
                Abort(execError);
            }
        }
        else if (_multiError is not null)
        {
            FailSettled(new RedisException(
                $"MULTI was refused by {Endpoint} ({_multiError}): the {_commands.Count} commands may have run outside a transaction.")
            { Command = MultiToken.Name, Endpoint = Endpoint });
        }
        else if (reader.IsNull)
        {
            // A watched key changed: the server discarded the transaction, nothing ran.
            foreach (var command in _commands)
            {
                command.TryFail(new OperationCanceledException(
                    $"{command.Command.Name} did not run: the transaction was discarded because a watched key changed (EXEC returned null); server {Endpoint}."));
                command.ReleaseWire();
            }

            _completion.TrySetResult(false);
        }
        else if (!reader.IsAggregate || reader.ChildCount != _commands.Count)
        {
            // Servers before 2.6.5 ran a transaction with refused commands anyway, leaving them out.
            FailSettled(new RedisException(
                $"{Endpoint} answered EXEC of {_commands.Count} commands with a {reader.Prefix} of {(reader.IsAggregate ? reader.ChildCount : 0)} elements; the commands may have run.")
            { Command = Command.Name, Endpoint = Endpoint });
        }
        else
        {
            Dispatch(frame, ref reader);
            _completion.TrySetResult(true);
        }
    }

    /// <summary>Slices each element of EXEC's array out of the frame and hands it to its command.</summary>
    private void Dispatch(in ReadOnlySequence<byte> frame, ref RespReader reader)
    {
        foreach (var command in _commands)
        {
            var start = reader.Consumed;
            reader.TryMoveNext();
            reader.SkipChildren();
            command.OnReply(frame.Slice(start, reader.Consumed - start));
            command.ReleaseWire();
        }
    }

    /// <summary>
    /// In a cluster, a transaction sent on a stale slot map is aborted by the old owner: its commands
    /// answer MOVED (or TRYAGAIN) when queued and EXEC answers EXECABORT, so none of them ran. It is then
    /// sent again, whole, where the redirect points (the topology counts the hops); ASK is not followed,
    /// since ASKING would have to precede every command inside MULTI.
    /// </summary>
    private bool TrySendAgain(string execError)
    {
        if (Redirects is not { } redirects || _refused is null || IsCallerCompleted
            || ServerErrorParser.Classify(execError, out _) != ServerErrorKind.ExecAbort)
        {
            return false;
        }

        string? redirect = null;
        foreach (var message in _refused.Values)
        {
            if (ServerErrorParser.Classify(message, out _) is not (ServerErrorKind.Moved or ServerErrorKind.TryAgain))
            {
                return false;
            }

            redirect ??= message;
        }

        // Back to the state of a unit not yet written; the commands inside keep their written mark
        // (a failure from here says they may have run, which is never wrong).
        lock (_progress)
        {
            _frames = 0;
            _settled = false;
            _refused = null;
            _multiError = null;
        }

        var error = new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes($"-{redirect}\r\n"));
        Volatile.Write(ref _sentAgain, 1);
        if (redirects.TryRedirect(this, error))
        {
            // Queued again, or failed because the hops ran out (its buffer then goes to the collector
            // rather than back to the pool, which is never wrong).
            return true;
        }

        Volatile.Write(ref _sentAgain, 0);
        lock (_progress)
        {
            _settled = true;
        }

        return false;
    }

    private void Abort(string execError)
    {
        var why = _refused is null
            ? string.Empty
            : string.Concat(_refused.OrderBy(pair => pair.Key).Select(pair =>
                $" Command {pair.Key + 1} of {_commands.Count} ({_commands[pair.Key].Command.Name}) was refused: {pair.Value}."));
        var abort = new TransactionAbortedException(
            $"The transaction of {_commands.Count} commands was aborted by {Endpoint} ({execError}); none of its commands ran.{why}",
            new RedisServerException(execError, Command.Name, Endpoint))
        { Command = Command.Name, Endpoint = Endpoint };
        for (var i = 0; i < _commands.Count; i++)
        {
            var command = _commands[i];
            command.TryFail(_refused is not null && _refused.TryGetValue(i, out var message)
                ? new RedisServerException(message, command.Command.Name, Endpoint)
                : abort);
            command.ReleaseWire();
        }

        _completion.TrySetException(abort);
    }

    private void FailSettled(Exception exception)
    {
        foreach (var command in _commands)
        {
            command.TryFail(exception);
            command.ReleaseWire();
        }

        _completion.TrySetException(exception);
    }
}
