using System.Buffers;

namespace Multiplex.Protocol;

/// <content>The general path: scanning one element of a multi-segment buffer.</content>
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
            case RespPrefix.Boolean:
            case RespPrefix.Null:
                return TryScanShortScalar(ref reader, prefix, offset);
            case RespPrefix.BigNumber:
                return TryScanBigNumber(ref reader, offset);
            case RespPrefix.BulkString:
            case RespPrefix.BulkError:
            case RespPrefix.VerbatimString:
                return TryScanBulk(ref reader, prefix, offset);
            case RespPrefix.Array:
            case RespPrefix.Set:
            case RespPrefix.Push:
            case RespPrefix.Map:
            case RespPrefix.Attribute:
                if (!TryReadNumber(ref reader, offset, out var count))
                {
                    return false;
                }

                children = CheckAggregateCount(prefix, count, offset);
                return true;
            default:
                ThrowUnknownType(typeByte, offset);
                return false;
        }
    }

    private readonly bool TryScanBulk(ref SequenceReader<byte> reader, RespPrefix prefix, long offset)
    {
        if (!TryReadNumber(ref reader, offset, out var length))
        {
            return false;
        }

        if (!CheckBulkLength(prefix, length, offset))
        {
            return true;
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
            ThrowMissingPayloadTerminator(prefix, _offset + reader.Consumed);
        }

        return true;
    }

    /// <summary>Scans a double, boolean or null, whose lines are short enough to copy to the stack.</summary>
    private readonly bool TryScanShortScalar(ref SequenceReader<byte> reader, RespPrefix prefix, long offset)
    {
        var maxLength = MaxLineLengthOf(prefix);
        if (!TryReadLine(ref reader, maxLength, offset, out var line))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[maxLength];
        line.CopyTo(text);
        CheckScalarLine(prefix, text[..(int)line.Length], offset);
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
}
