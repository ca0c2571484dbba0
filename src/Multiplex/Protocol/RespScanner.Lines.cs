using System.Buffers;

namespace Multiplex.Protocol;

/// <content>Reading CRLF-terminated lines, with their length bounded before the terminator arrives.</content>
internal partial struct RespScanner
{
    /// <summary>
    /// Reads the rest of a line (without CRLF). Only the first <paramref name="maxLength"/> + 2 bytes
    /// are searched, so an over-long line is rejected as soon as that many bytes have arrived.
    /// </summary>
    private static bool TryReadLine(
        ref SequenceReader<byte> reader, int maxLength, long offset, out ReadOnlySequence<byte> line)
    {
        var unread = reader.UnreadSequence;
        var window = Math.Min(unread.Length, (long)maxLength + RespConstants.CrlfLength);
        var lineFeed = unread.Slice(0, window).PositionOf(RespConstants.LineFeed);
        if (lineFeed is null)
        {
            if (window == (long)maxLength + RespConstants.CrlfLength)
            {
                ThrowLineTooLong(maxLength, offset);
            }

            line = default;
            return false;
        }

        var withCarriageReturn = unread.Slice(0, lineFeed.Value);
        if (withCarriageReturn.Length == 0
            || LastByte(withCarriageReturn) != RespConstants.CarriageReturn)
        {
            ThrowMissingCarriageReturn(offset + 1 + withCarriageReturn.Length);
        }

        line = withCarriageReturn.Slice(0, withCarriageReturn.Length - 1);
        reader.Advance(withCarriageReturn.Length + 1);
        return true;
    }

    /// <summary>Reads a length, count or integer line: an optional sign and at most 20 digits.</summary>
    private static bool TryReadNumber(ref SequenceReader<byte> reader, long offset, out long value)
    {
        value = 0;
        if (!TryReadLine(ref reader, RespConstants.MaxNumberLineLength, offset, out var line))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[RespConstants.MaxNumberLineLength];
        line.CopyTo(text);
        if (!RespNumber.TryParseInt64(text[..(int)line.Length], out value))
        {
            ThrowBadNumber("length or integer", line, offset);
        }

        return true;
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan[^1];
        }

        return sequence.Slice(sequence.Length - 1).FirstSpan[0];
    }
}
