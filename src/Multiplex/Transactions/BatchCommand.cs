using System.Buffers;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Transactions;

/// <summary>
/// Several commands written as one contiguous unit and answered in order: one entry in the in-flight
/// queue that takes one reply per command. Each command keeps its own caller, so one command's server
/// error fails only that command.
/// </summary>
internal sealed class BatchCommand : PendingCommand
{
    private static readonly CommandToken BatchToken = CommandToken.Create("BATCH");

    private readonly List<PendingCommand> _commands;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _progress = new();
    private int _answered;

    public BatchCommand(List<PendingCommand> commands, TimeSpan timeout)
    {
        _commands = commands;
        Initialize(BatchToken, timeout);
        foreach (var command in commands)
        {
            this.Write(command.Encoded);
        }
    }

    /// <summary>Completes when every command in the batch has its outcome.</summary>
    public Task Completion => _completion.Task;

    /// <summary>How many commands the batch holds.</summary>
    public int Count => _commands.Count;

    /// <inheritdoc />
    public override bool OnReply(in ReadOnlySequence<byte> frame)
    {
        PendingCommand command;
        bool last;
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
                    written.MarkWrittenInBatch(DeadlineMilliseconds);
                }
            }

            command = _commands[_answered++];
            last = _answered == _commands.Count;
        }

        command.OnReply(frame);
        command.ReleaseWire();
        if (last)
        {
            _completion.TrySetResult();
        }

        return last;
    }

    /// <inheritdoc />
    public override bool TryFail(Exception exception)
    {
        var failed = false;
        foreach (var command in TakeUnanswered())
        {
            failed |= command.TryFail(exception is RedisConnectionException connection ? Reword(connection, command) : exception);
            command.ReleaseWire();
        }

        _completion.TrySetException(exception);
        return failed;
    }

    /// <inheritdoc />
    public override bool TryTimeOut(long now)
    {
        if (now < DeadlineMilliseconds)
        {
            return false;
        }

        var timedOut = false;
        lock (_progress)
        {
            for (var i = _answered; i < _commands.Count; i++)
            {
                // Their replies are still to come and will be discarded: the slots stay.
                timedOut |= _commands[i].TryTimeOut(now);
            }
        }

        _completion.TrySetException(new RedisTimeoutException(
            $"A batch of {_commands.Count} commands timed out after {TimeoutMilliseconds} ms; server {Endpoint ?? "(not connected)"}.",
            CurrentOutcome)
        { Endpoint = Endpoint });
        return timedOut;
    }

    /// <summary>The writer skipped the batch (its caller gave up before it was sent): fail every command in it.</summary>
    public void FailUnsent(Exception exception)
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
        // Nothing pooled: the batch object is dropped once its caller is done with it.
    }

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader) => throw new InvalidOperationException("A batch receives its replies command by command.");

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception) => _completion.TrySetException(exception);

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
