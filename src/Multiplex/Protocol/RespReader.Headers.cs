using System.Buffers;
using System.Diagnostics;

namespace Multiplex.Protocol;

/// <content>Decoding one element header (and locating a bulk payload) from a span or a sequence.</content>
internal ref partial struct RespReader
{
    private void ReadHeaderFromSpan()
    {
        var prefix = (RespPrefix)_span[_position];
        var lineStart = _position + 1;
        var lineLength = _span[lineStart..].IndexOf(RespConstants.LineFeed) - 1;
        Debug.Assert(lineLength >= 0, "The scanner has validated the frame.");
        var line = _span.Slice(lineStart, lineLength);
        var next = lineStart + lineLength + RespConstants.CrlfLength;

        SetHeader(prefix, line, lineStart, out var payloadLength);
        if (payloadLength >= 0)
        {
            _valueStart = next;
            _valueLength = (int)payloadLength;
            next += _valueLength + RespConstants.CrlfLength;
            if (prefix == RespPrefix.VerbatimString)
            {
                _valueStart += RespConstants.VerbatimFormatLength;
                _valueLength -= RespConstants.VerbatimFormatLength;
            }
        }

        _position = next;
    }

    private void ReadHeaderFromSequence()
    {
        _sequence.TryRead(out var typeByte);
        var prefix = (RespPrefix)typeByte;
        _sequence.TryReadTo(out ReadOnlySequence<byte> lineWithCarriageReturn, RespConstants.LineFeed);
        var line = lineWithCarriageReturn.Slice(0, lineWithCarriageReturn.Length - 1);
        Span<byte> scratch = stackalloc byte[RespConstants.MaxNumberLineLength];
        var lineSpan = line.IsSingleSegment ? line.FirstSpan : CopySmall(line, scratch);

        SetHeader(prefix, lineSpan, lineStart: -1, out var payloadLength);
        _value = _isNull || IsAggregatePrefix(prefix) ? default : line;
        if (payloadLength >= 0)
        {
            _value = _sequence.UnreadSequence.Slice(0, payloadLength);
            _sequence.Advance(payloadLength + RespConstants.CrlfLength);
            if (prefix == RespPrefix.VerbatimString)
            {
                _value = _value.Slice(RespConstants.VerbatimFormatLength);
            }
        }
    }

    /// <summary>
    /// Sets the header fields from the type byte and its line. <paramref name="payloadLength"/> is the
    /// length of a bulk payload that follows the line, or -1 when the value (if any) is the line itself.
    /// </summary>
    private void SetHeader(RespPrefix prefix, scoped ReadOnlySpan<byte> line, int lineStart, out long payloadLength)
    {
        _prefix = prefix;
        _isNull = false;
        _childCount = 0;
        _valueStart = lineStart;
        _valueLength = line.Length;
        payloadLength = -1;
        switch (prefix)
        {
            case RespPrefix.BulkString:
            case RespPrefix.BulkError:
            case RespPrefix.VerbatimString:
                var length = ParseHeaderNumber(line);
                _isNull = length < 0;
                payloadLength = length < 0 ? -1 : length;
                if (_isNull)
                {
                    _valueLength = 0;
                }

                break;
            case RespPrefix.Array:
            case RespPrefix.Set:
            case RespPrefix.Push:
            case RespPrefix.Map:
            case RespPrefix.Attribute:
                var count = ParseHeaderNumber(line);
                _isNull = count < 0;
                _childCount = count < 0 ? 0 : prefix is RespPrefix.Map or RespPrefix.Attribute ? count * 2 : count;
                _valueLength = 0;
                break;
            case RespPrefix.Null:
                _isNull = true;
                break;
        }
    }

    private static long ParseHeaderNumber(ReadOnlySpan<byte> line)
    {
        var parsed = RespNumber.TryParseInt64(line, out var value);
        Debug.Assert(parsed, "The scanner has validated the frame.");
        return value;
    }

    /// <summary>Copies a short multi-segment value into scratch space; longer ones give an empty span.</summary>
    private static ReadOnlySpan<byte> CopySmall(ReadOnlySequence<byte> value, Span<byte> scratch)
    {
        if (value.Length > scratch.Length)
        {
            return default;
        }

        value.CopyTo(scratch);
        return scratch[..(int)value.Length];
    }
}
