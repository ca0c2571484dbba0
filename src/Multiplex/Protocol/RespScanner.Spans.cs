namespace Multiplex.Protocol;

/// <content>The fast path: scanning a single-segment buffer as a span.</content>
internal partial struct RespScanner
{
    private bool TryScanSpan(ReadOnlySpan<byte> span, out long frameLength)
    {
        var position = checked((int)_offset);
        while (true)
        {
            var elementOffset = position;
            if (!TryScanElement(span, ref position, out var prefix, out var children))
            {
                // Only whole elements are kept; a partly received element is scanned again from its header.
                _offset = elementOffset;
                _firstSegment = null;
                frameLength = 0;
                return false;
            }

            NoteFramePrefix(prefix);
            if (children > 0)
            {
                Push(children, elementOffset);
            }
            else if (CompleteElement())
            {
                _frameLength = position;
                frameLength = position;
                return true;
            }
        }
    }

    private readonly bool TryScanElement(
        ReadOnlySpan<byte> span, ref int position, out RespPrefix prefix, out long children)
    {
        var offset = position;
        children = 0;
        prefix = RespPrefix.None;
        if (position >= span.Length)
        {
            return false;
        }

        prefix = (RespPrefix)span[position];
        switch (prefix)
        {
            case RespPrefix.SimpleString:
            case RespPrefix.SimpleError:
            case RespPrefix.Integer:
            case RespPrefix.Double:
            case RespPrefix.BigNumber:
            case RespPrefix.Boolean:
            case RespPrefix.Null:
                if (!TryReadLine(span, ref position, MaxLineLengthOf(prefix), out var line))
                {
                    return false;
                }

                if (prefix == RespPrefix.Integer)
                {
                    ParseNumber(line, offset);
                }
                else
                {
                    CheckScalarLine(prefix, line, offset);
                }

                return true;
            case RespPrefix.BulkString:
            case RespPrefix.BulkError:
            case RespPrefix.VerbatimString:
                return TryScanBulk(span, ref position, prefix);
            case RespPrefix.Array:
            case RespPrefix.Set:
            case RespPrefix.Push:
            case RespPrefix.Map:
            case RespPrefix.Attribute:
                if (!TryReadLine(span, ref position, RespConstants.MaxNumberLineLength, out var count))
                {
                    return false;
                }

                children = CheckAggregateCount(prefix, ParseNumber(count, offset), offset);
                return true;
            default:
                ThrowUnknownType((byte)prefix, offset);
                return false;
        }
    }

    private readonly bool TryScanBulk(ReadOnlySpan<byte> span, ref int position, RespPrefix prefix)
    {
        var offset = position;
        if (!TryReadLine(span, ref position, RespConstants.MaxNumberLineLength, out var line))
        {
            return false;
        }

        var length = ParseNumber(line, offset);
        if (!CheckBulkLength(prefix, length, offset))
        {
            return true;
        }

        if (span.Length - position < length + RespConstants.CrlfLength)
        {
            return false;
        }

        var payloadEnd = position + (int)length;
        if (prefix == RespPrefix.VerbatimString
            && (length < RespConstants.VerbatimFormatLength || span[position + RespConstants.VerbatimFormatLength - 1] != (byte)':'))
        {
            ThrowBadVerbatim(offset);
        }

        if (!span.Slice(payloadEnd, RespConstants.CrlfLength).SequenceEqual(RespConstants.Crlf))
        {
            ThrowMissingPayloadTerminator(prefix, payloadEnd);
        }

        position = payloadEnd + RespConstants.CrlfLength;
        return true;
    }

    /// <summary>
    /// Reads the line after the type byte at <paramref name="position"/>, searching only the first
    /// <paramref name="maxLength"/> + 2 bytes so that an over-long line is rejected before it ends.
    /// </summary>
    private static bool TryReadLine(ReadOnlySpan<byte> span, ref int position, int maxLength, out ReadOnlySpan<byte> line)
    {
        var offset = position;
        var start = position + 1;
        var window = (int)Math.Min(span.Length - start, (long)maxLength + RespConstants.CrlfLength);
        var lineFeed = span.Slice(start, window).IndexOf(RespConstants.LineFeed);
        if (lineFeed < 0)
        {
            if (window == (long)maxLength + RespConstants.CrlfLength)
            {
                ThrowLineTooLong(maxLength, offset);
            }

            line = default;
            return false;
        }

        if (lineFeed == 0 || span[start + lineFeed - 1] != RespConstants.CarriageReturn)
        {
            ThrowMissingCarriageReturn(start + lineFeed);
        }

        line = span.Slice(start, lineFeed - 1);
        position = start + lineFeed + 1;
        return true;
    }
}
