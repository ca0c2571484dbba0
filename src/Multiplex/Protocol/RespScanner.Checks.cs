using System.Buffers;

namespace Multiplex.Protocol;

/// <content>Checks shared by the span and the sequence scanning paths.</content>
internal partial struct RespScanner
{
    /// <summary>Validates an aggregate's declared count and returns how many children follow it.</summary>
    private readonly long CheckAggregateCount(RespPrefix prefix, long count, long offset)
    {
        if (count == RespConstants.NullLength && prefix == RespPrefix.Array)
        {
            return 0;
        }

        if (count < 0)
        {
            ThrowBadLength(prefix, count, offset);
        }

        var isPairs = prefix is RespPrefix.Map or RespPrefix.Attribute;
        var limit = _limits.MaxAggregateLength;
        if (isPairs ? count > limit / 2 : count > limit)
        {
            ThrowAggregateTooLong(prefix, count, limit, offset);
        }

        // An attribute is followed by the element it decorates, which belongs to the same frame.
        var children = isPairs ? count * 2 : count;
        return prefix == RespPrefix.Attribute ? children + 1 : children;
    }

    /// <summary>Validates a bulk payload's declared length; returns false for the RESP2 null bulk string.</summary>
    private readonly bool CheckBulkLength(RespPrefix prefix, long length, long offset)
    {
        if (length == RespConstants.NullLength && prefix == RespPrefix.BulkString)
        {
            return false;
        }

        if (length < 0)
        {
            ThrowBadLength(prefix, length, offset);
        }

        if (length > _limits.MaxBulkLength)
        {
            ThrowBulkTooLong(prefix, length, _limits.MaxBulkLength, offset);
        }

        return true;
    }

    private static long ParseNumber(ReadOnlySpan<byte> line, long offset)
    {
        if (!RespNumber.TryParseInt64(line, out var value))
        {
            ThrowBadNumber("length or integer", new ReadOnlySequence<byte>(line.ToArray()), offset);
        }

        return value;
    }

    /// <summary>Validates the line of a double, boolean, null or big number element.</summary>
    private static void CheckScalarLine(RespPrefix prefix, ReadOnlySpan<byte> line, long offset)
    {
        switch (prefix)
        {
            case RespPrefix.Double when !RespNumber.TryParseDouble(line, out _):
                ThrowBadNumber("double", new ReadOnlySequence<byte>(line.ToArray()), offset);
                break;
            case RespPrefix.BigNumber when !RespNumber.IsBigNumber(line):
                ThrowBadNumber("big number", new ReadOnlySequence<byte>(line.ToArray()), offset);
                break;
            case RespPrefix.Boolean when line.Length != 1 || line[0] is not ((byte)'t' or (byte)'f'):
                ThrowBadBoolean(new ReadOnlySequence<byte>(line.ToArray()), offset);
                break;
            case RespPrefix.Null when !line.IsEmpty:
                ThrowBadNull(offset);
                break;
        }
    }

    /// <summary>The longest line each line-only element may have.</summary>
    private readonly int MaxLineLengthOf(RespPrefix prefix) => prefix switch
    {
        RespPrefix.Double => RespConstants.MaxDoubleLineLength,
        RespPrefix.Boolean or RespPrefix.Null or RespPrefix.Integer => RespConstants.MaxNumberLineLength,
        _ => _limits.MaxLineLength,
    };
}
