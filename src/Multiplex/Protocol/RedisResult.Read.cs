using Multiplex.Protocol;

namespace Multiplex;

/// <content>Building a result tree from a frame.</content>
public sealed partial class RedisResult
{
    /// <summary>
    /// Builds the result at the reader's current element (moved to with <see cref="RespReader.TryMoveNextRaw"/>
    /// or <see cref="RespReader.TryMoveNext"/>), consuming it with its children and any attributes before it.
    /// Recursion is bounded by the nesting depth the scanner has already enforced.
    /// </summary>
    internal static RedisResult Read(ref RespReader reader)
    {
        RedisResult? attributes = null;
        while (reader.Prefix == RespPrefix.Attribute)
        {
            attributes = ReadChildren(ref reader, RedisResultType.Attribute, null);
            reader.TryMoveNextRaw();
        }

        var type = ToResultType(reader.Prefix);
        if (reader.IsAggregate)
        {
            return ReadChildren(ref reader, type, attributes);
        }

        var value = reader.IsNull ? RedisValue.Null : reader.ReadRedisValue();
        return new RedisResult(type, value, null, reader.IsNull, attributes);
    }

    /// <summary>Reads a whole frame into a result.</summary>
    internal static RedisResult Read(in System.Buffers.ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        if (!reader.TryMoveNextRaw())
        {
            throw new RedisProtocolException("Invalid RESP: the frame is empty.");
        }

        return Read(ref reader);
    }

    private static RedisResult ReadChildren(ref RespReader reader, RedisResultType type, RedisResult? attributes)
    {
        var elements = reader.ChildCount == 0 ? NoElements : new RedisResult[reader.ChildCount];
        for (var i = 0; i < elements.Length; i++)
        {
            reader.TryMoveNextRaw();
            elements[i] = Read(ref reader);
        }

        return new RedisResult(type, RedisValue.Null, elements, isNull: false, attributes);
    }

    private static RedisResultType ToResultType(RespPrefix prefix) => prefix switch
    {
        RespPrefix.SimpleString => RedisResultType.SimpleString,
        RespPrefix.SimpleError => RedisResultType.SimpleError,
        RespPrefix.Integer => RedisResultType.Integer,
        RespPrefix.BulkString => RedisResultType.BulkString,
        RespPrefix.Array => RedisResultType.Array,
        RespPrefix.Null => RedisResultType.Null,
        RespPrefix.Boolean => RedisResultType.Boolean,
        RespPrefix.Double => RedisResultType.Double,
        RespPrefix.BigNumber => RedisResultType.BigNumber,
        RespPrefix.BulkError => RedisResultType.BulkError,
        RespPrefix.VerbatimString => RedisResultType.VerbatimString,
        RespPrefix.Map => RedisResultType.Map,
        RespPrefix.Set => RedisResultType.Set,
        RespPrefix.Attribute => RedisResultType.Attribute,
        RespPrefix.Push => RedisResultType.Push,
        _ => throw new RedisProtocolException($"Invalid RESP: unknown type byte 0x{(byte)prefix:X2}."),
    };
}
