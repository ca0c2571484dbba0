using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>A parser that hands a bulk value over in a pooled buffer, and so takes a large reply's rented payload as it is.</summary>
internal interface ILeaseParser;

/// <summary>
/// Reads a bulk reply into a <see cref="RedisLease"/>: a large reply received into a rented buffer
/// (<see cref="LargeBulkFrame.TryTakePooledPayload"/>) is taken over as it is; any other is copied into
/// a buffer rented for it. A null reply is null.
/// </summary>
internal sealed class LeaseParser : ReplyParser<RedisLease?>, ILeaseParser
{
    public static readonly LeaseParser Instance = new();

    private LeaseParser()
    {
    }

    public override RedisLease? Parse(ref RespReader reader)
    {
        if (reader.IsNull)
        {
            return null;
        }

        var value = reader.ValueSequence;
        var length = checked((int)value.Length);
        if (LargeBulkFrame.TryTakePooledPayload(value, out var payload))
        {
            return new RedisLease(payload, length);
        }

        var buffer = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        value.CopyTo(buffer);
        return new RedisLease(buffer, length);
    }
}
