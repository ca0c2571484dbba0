using System.Buffers;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// One node's share of a command sent to several nodes (or of a command split by slot): its own encoded
/// copy, and its reply kept as raw bytes for <see cref="FanOut"/> to combine. A redirection is followed
/// like any command's. Not pooled; the encoding buffer goes back when the last wire lets go.
/// </summary>
internal sealed class FanOutPart : PendingCommand
{
    private readonly FanOut _owner;
    private readonly int _index;
    private byte[]? _reply;
    private int _references = 1;

    public FanOutPart(FanOut owner, int index, CommandSpec command, ReadOnlySpan<byte> encoded, PendingCommand parent, IRedirectHandler redirects)
    {
        _owner = owner;
        _index = index;
        Initialize(command, TimeSpan.FromMilliseconds(parent.TimeoutMilliseconds));
        SetDeadline(parent.DeadlineMilliseconds);
        Reserve(encoded.Length);
        this.Write(encoded);
        Redirects = redirects;
    }

    /// <inheritdoc />
    public override bool OnReply(in ReadOnlySequence<byte> frame)
    {
        _reply = frame.ToArray();
        return base.OnReply(frame);
    }

    /// <inheritdoc />
    public override void ReleaseWire() => ReleaseHold();

    /// <inheritdoc />
    protected override void SetCallerResult(ref RespReader reader) => _owner.OnPartReply(_index, _reply!, Endpoint);

    /// <inheritdoc />
    protected override void SetCallerException(Exception exception)
    {
        if (exception is RedisServerException && _reply is not null)
        {
            _owner.OnPartReply(_index, _reply, Endpoint); // the node's error reply, combined like any reply
        }
        else
        {
            _owner.OnPartFailed(exception);
        }
    }

    /// <inheritdoc />
    protected override void AddHold() => Interlocked.Increment(ref _references);

    /// <inheritdoc />
    protected override void ReleaseHold()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            ReturnBuffer();
        }
    }
}
