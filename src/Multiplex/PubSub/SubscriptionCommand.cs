using System.Buffers;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.PubSub;

/// <summary>
/// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE or their UNSUBSCRIBE counterparts with N names: one in-flight
/// entry answered by N confirmations (one per name, in order with other replies), after which the
/// server's subscription state is what was asked for. An error reply answers it at once.
/// </summary>
internal sealed class SubscriptionCommand : PendingCommand
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IReadOnlyList<RedisValue> _names;
    private readonly PushKind _confirmation;
    private readonly int _expected;
    private int _received;

    public SubscriptionCommand(CommandSpec command, IReadOnlyList<RedisValue> names, TimeSpan timeout)
    {
        _names = names;
        _confirmation = ConfirmationOf(command.Name);
        _expected = names.Count;
        Initialize(command, timeout);
        var arguments = new CommandArgumentList(command);
        foreach (var name in names)
        {
            arguments.Add(name);
        }

        arguments.WriteTo(this);
    }

    /// <summary>Completes when every name is confirmed; fails on an error reply, a timeout or a lost connection.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Channels, patterns or shard channels.</summary>
    public SubscriptionKind Kind => _confirmation switch
    {
        PushKind.PatternSubscribe or PushKind.PatternUnsubscribe => SubscriptionKind.Pattern,
        PushKind.ShardSubscribe or PushKind.ShardUnsubscribe => SubscriptionKind.Shard,
        _ => SubscriptionKind.Channel,
    };

    /// <summary>The names, in the order the server confirms them.</summary>
    public IReadOnlyList<RedisValue> Names => _names;

    /// <inheritdoc />
    public override bool TakesPushReplies => true;

    /// <inheritdoc />
    public override bool IsConnectionBound => true;

    /// <summary>
    /// Whether <paramref name="push"/> confirms one of this command's names not confirmed yet (reader
    /// loop only). A confirmation it does not expect was sent by the server on its own.
    /// </summary>
    public bool Expects(in PushMessage push)
    {
        if (push.Kind != _confirmation)
        {
            return false;
        }

        var name = push.Kind is PushKind.PatternSubscribe or PushKind.PatternUnsubscribe ? push.Pattern : push.Channel;
        for (var i = _received; i < _names.Count; i++)
        {
            if (_names[i] == name)
            {
                return true;
            }
        }

        // UNSUBSCRIBE with nothing subscribed confirms a null channel.
        return name.IsNull && _confirmation == PushKind.Unsubscribe;
    }

    /// <inheritdoc />
    public override bool TakesSeveralReplies => true;

    /// <inheritdoc />
    public override bool OnReply(in ReadOnlySequence<byte> frame)
    {
        // Only the reader loop calls this, one frame at a time: the count needs no lock.
        var first = frame.FirstSpan[0];
        if (first is (byte)'-' or (byte)'!' || ++_received >= _expected)
        {
            base.OnReply(frame); // completes the caller (or discards, when it timed out)
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override void ReleaseWire()
    {
        // Nothing pooled. A command let go of without being written was skipped: say so to its caller.
        if (!IsWritten)
        {
            TryFail(new RedisConnectionException(
                $"{Command.Name} was not sent to {Endpoint ?? "the server"}: it timed out or failed before it was written.",
                CommandOutcome.NotSent)
            { Endpoint = Endpoint, Command = Command.Name });
        }
    }

    private static PushKind ConfirmationOf(string command) => command switch
    {
        "SUBSCRIBE" => PushKind.Subscribe,
        "PSUBSCRIBE" => PushKind.PatternSubscribe,
        "SSUBSCRIBE" => PushKind.ShardSubscribe,
        "UNSUBSCRIBE" => PushKind.Unsubscribe,
        "PUNSUBSCRIBE" => PushKind.PatternUnsubscribe,
        "SUNSUBSCRIBE" => PushKind.ShardUnsubscribe,
        _ => throw new ArgumentException($"{command} is not a subscription command.", nameof(command)),
    };

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader) => _completion.TrySetResult();

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception) => _completion.TrySetException(exception);

    /// <inheritdoc />
    protected override void AddHold()
    {
        // Not pooled: nothing can recycle it under a late callback.
    }

    /// <inheritdoc />
    protected override void ReleaseHold()
    {
    }
}
