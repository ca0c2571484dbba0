using System.Buffers;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// A command an ASK reply sent to the node importing its slot: <c>ASKING</c> and the command written as
/// one contiguous unit, because the target serves a key of an importing slot only to the command right
/// after ASKING on the same connection (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#ask-redirection).
/// ASKING's reply is read and dropped; the command's reply is its own. The wrapper is not pooled; the
/// command keeps its caller, its deadline and its cancellation.
/// </summary>
internal sealed class AskingCommand : PendingCommand
{
    private static readonly CommandSpec AskingSpec = CommandSpec.Other("ASKING");

    private readonly PendingCommand _command;
    private int _replies;
    private int _released;

    public AskingCommand(PendingCommand command)
    {
        _command = command;
        Initialize(AskingSpec, TimeSpan.FromMilliseconds(command.TimeoutMilliseconds));
        SetDeadline(command.DeadlineMilliseconds);
        Reserve(command.Encoded.Length + AskingFrameLength);
        RespWriter.WriteArrayHeader(this, 1);
        AskingSpec.WriteName(this);
        this.Write(command.Encoded);
    }

    /// <inheritdoc />
    public override bool TakesSeveralReplies => true;

    /// <inheritdoc />
    public override PendingCommand KeySource => _command;

    // "*1\r\n$6\r\nASKING\r\n"
    private static int AskingFrameLength => 16;

    /// <inheritdoc />
    public override bool TryBeginWrite()
    {
        if (!_command.TryBeginWrite())
        {
            MarkAbandoned();
            return false;
        }

        if (!base.TryBeginWrite())
        {
            _command.RevertWrite();
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override void RevertWrite()
    {
        _command.RevertWrite();
        base.RevertWrite();
    }

    /// <inheritdoc />
    public override bool OnReply(in ReadOnlySequence<byte> frame)
    {
        if (++_replies == 1)
        {
            return false; // ASKING's own +OK; an error here shows again in the command's reply
        }

        _command.Endpoint = Endpoint;
        _command.Server = Server;
        _command.OnReply(frame);
        return true;
    }

    /// <inheritdoc />
    public override bool TryFail(Exception exception)
    {
        var failed = _command.TryFail(exception);
        base.TryFail(exception);
        return failed;
    }

    /// <inheritdoc />
    public override bool TryTimeOut(long now)
    {
        if (now < DeadlineMilliseconds)
        {
            return false;
        }

        _command.TryTimeOut(now);
        base.TryFail(new RedisTimeoutException($"ASKING for {_command.Command.Name} timed out.", CurrentOutcome));
        return true;
    }

    /// <inheritdoc />
    public override void ReleaseWire()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        if (!IsWritten)
        {
            _command.TryFail(new RedisConnectionException(
                $"{_command.Command.Name} was not sent to {Endpoint ?? "the node its slot is moving to"} after an ASK redirection: the connection failed or the command was cancelled first.",
                CommandOutcome.NotSent)
            { Endpoint = Endpoint, Command = _command.Command.Name });
            _command.MarkAbandoned();
        }

        _command.ReleaseWire();
        ReturnBuffer();
    }

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader) => throw new InvalidOperationException("ASKING hands its command's reply to the command.");

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception)
    {
        // The wrapper has no caller of its own: the command's caller is told through the command.
    }

    /// <inheritdoc />
    protected override void AddHold()
    {
        // Not pooled: nothing can recycle the wrapper under a late callback.
    }

    /// <inheritdoc />
    protected override void ReleaseHold()
    {
    }
}
