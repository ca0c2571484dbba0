using System.Buffers;

namespace Multiplex.Protocol;

/// <content>Scanning and validating one element header (and a bulk payload).</content>
internal partial struct RespScanner
{
    /// <summary>
    /// Scans one element at the reader. Returns false when it is incomplete. On success,
    /// <paramref name="children"/> is how many elements follow as its children (an attribute counts the
    /// element it decorates too), or 0 for a scalar, a null or an empty aggregate.
    /// </summary>
    private readonly bool TryScanElement(
        ref SequenceReader<byte> reader, long offset, out RespPrefix prefix, out long children)
    {
        children = 0;
        prefix = RespPrefix.None;
        if (!reader.TryRead(out var typeByte))
        {
            return false;
        }

        prefix = (RespPrefix)typeByte;
        switch (prefix)
        {
            case RespPrefix.SimpleString:
            case RespPrefix.SimpleError:
                return TryReadLine(ref reader, _limits.MaxLineLength, offset, out _);
            case RespPrefix.Integer:
                return TryReadNumber(ref reader, offset, out _);
            case RespPrefix.Double:
                return TryScanDouble(ref reader, offset);
            case RespPrefix.BigNumber:
                return TryScanBigNumber(ref reader, offset);
            case RespPrefix.Boolean:
                return TryScanBoolean(ref reader, offset);
            case RespPrefix.Null:
                return TryScanNull(ref reader, offset);
            case RespPrefix.BulkString:
            case RespPrefix.BulkError:
            case RespPrefix.VerbatimString:
                return TryScanBulk(ref reader, prefix, offset);
            case RespPrefix.Array:
            case RespPrefix.Set:
            case RespPrefix.Push:
            case RespPrefix.Map:
            case RespPrefix.Attribute:
                return TryScanAggregateHeader(ref reader, prefix, offset, out children);
            default:
                ThrowUnknownType(typeByte, offset);
                return false;
        }
    }

    private readonly bool TryScanAggregateHeader(
        ref SequenceReader<byte> reader, RespPrefix prefix, long offset, out long children)
    {
        children = 0;
        if (!TryReadNumber(ref reader, offset, out var count))
        {
            return false;
        }

        if (count == RespConstants.NullLength && prefix == RespPrefix.Array)
        {
            return true;
        }

        var isPairs = prefix is RespPrefix.Map or RespPrefix.Attribute;
        var limit = _limits.MaxAggregateLength;
        if (count < 0)
        {
            ThrowBadLength(prefix, count, offset);
        }

        if (isPairs ? count > limit / 2 : count > limit)
        {
            ThrowAggregateTooLong(prefix, count, limit, offset);
        }

        children = isPairs ? count * 2 : count;

        // An attribute is followed by the element it decorates, which belongs to the same frame.
        if (prefix == RespPrefix.Attribute)
        {
            children++;
        }

        return true;
    }

    private readonly bool TryScanBulk(ref SequenceReader<byte> reader, RespPrefix prefix, long offset)
    {
        if (!TryReadNumber(ref reader, offset, out var length))
        {
            return false;
        }

        if (length == RespConstants.NullLength && prefix == RespPrefix.BulkString)
        {
            return true;
        }

        if (length < 0)
        {
            ThrowBadLength(prefix, length, offset);
        }

        if (length > _limits.MaxBulkLength)
        {
            ThrowBulkTooLong(prefix, length, _limits.MaxBulkLength, offset);
        }

        if (reader.Remaining < length + RespConstants.CrlfLength)
        {
            return false;
        }

        if (prefix == RespPrefix.VerbatimString
            && (length < RespConstants.VerbatimFormatLength
                || !reader.TryPeek(RespConstants.VerbatimFormatLength - 1, out var colon)
                || colon != (byte)':'))
        {
            ThrowBadVerbatim(offset);
        }

        reader.Advance(length);
        if (!reader.IsNext(RespConstants.Crlf, advancePast: true))
        {
            ThrowMissingPayloadTerminator(prefix, offset + reader.Consumed);
        }

        return true;
    }

    private readonly bool TryScanDouble(ref SequenceReader<byte> reader, long offset)
    {
        if (!TryReadLine(ref reader, RespConstants.MaxDoubleLineLength, offset, out var line))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[RespConstants.MaxDoubleLineLength];
        line.CopyTo(text);
        if (!RespNumber.TryParseDouble(text[..(int)line.Length], out _))
        {
            ThrowBadNumber("double", line, offset);
        }

        return true;
    }

    private readonly bool TryScanBigNumber(ref SequenceReader<byte> reader, long offset)
    {
        if (!TryReadLine(ref reader, _limits.MaxLineLength, offset, out var line))
        {
            return false;
        }

        var valid = line.Length > 0;
        var first = true;
        foreach (var memory in line)
        {
            var span = memory.Span;
            if (first && span.Length > 0)
            {
                first = false;
                valid &= line.Length > 1 || span[0] is not ((byte)'-' or (byte)'+');
                span = span[0] is (byte)'-' or (byte)'+' ? span[1..] : span;
            }

            valid &= !span.ContainsAnyExceptInRange((byte)'0', (byte)'9');
        }

        if (!valid)
        {
            ThrowBadNumber("big number", line, offset);
        }

        return true;
    }

    private readonly bool TryScanBoolean(ref SequenceReader<byte> reader, long offset)
    {
        if (!TryReadLine(ref reader, RespConstants.MaxNumberLineLength, offset, out var line))
        {
            return false;
        }

        if (line.Length != 1 || line.FirstSpan[0] is not ((byte)'t' or (byte)'f'))
        {
            ThrowBadBoolean(line, offset);
        }

        return true;
    }

    private readonly bool TryScanNull(ref SequenceReader<byte> reader, long offset)
    {
        if (!TryReadLine(ref reader, RespConstants.MaxNumberLineLength, offset, out var line))
        {
            return false;
        }

        if (line.Length != 0)
        {
            ThrowBadNull(offset);
        }

        return true;
    }
}
