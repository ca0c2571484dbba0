using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Multiplex.Protocol;

/// <content>The protocol violations the scanner reports, each naming the byte offset in the frame.</content>
internal partial struct RespScanner
{
    // Enough of a bad line to recognise it in a log without copying a hostile amount of data.
    private const int MaxQuotedBytes = 32;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownType(byte typeByte, long offset) =>
        throw Violation(offset, $"unknown type byte 0x{typeByte:X2} ('{Printable(typeByte)}')");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLineTooLong(int maxLength, long offset) =>
        throw Violation(offset, $"line is longer than the limit of {maxLength} bytes or has no CRLF");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMissingCarriageReturn(long offset) =>
        throw Violation(offset, "line feed not preceded by a carriage return");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadNumber(string what, in ReadOnlySequence<byte> line, long offset) =>
        throw Violation(offset, $"'{Quote(line)}' is not a valid {what}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadLength(RespPrefix prefix, long length, long offset) =>
        throw Violation(offset, $"negative length {length} for {prefix}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBulkTooLong(RespPrefix prefix, long length, long limit, long offset) =>
        throw Violation(offset, $"{prefix} of {length} bytes exceeds the limit of {limit} bytes (ProtocolLimits.MaxBulkLength)");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowAggregateTooLong(RespPrefix prefix, long count, long limit, long offset) =>
        throw Violation(offset, $"{prefix} declaring {count} entries exceeds the limit of {limit} elements (ProtocolLimits.MaxAggregateLength; map pairs count twice)");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNestingTooDeep(long offset, int limit) =>
        throw Violation(offset, $"aggregates nested deeper than the limit of {limit} (ProtocolLimits.MaxNestingDepth)");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMissingPayloadTerminator(RespPrefix prefix, long offset) =>
        throw Violation(offset, $"{prefix} payload is not followed by CRLF");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadVerbatim(long offset) =>
        throw Violation(offset, "verbatim string does not start with a three-letter format and a colon");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadBoolean(in ReadOnlySequence<byte> line, long offset) =>
        throw Violation(offset, $"boolean '{Quote(line)}' is neither 't' nor 'f'");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadNull(long offset) =>
        throw Violation(offset, "null element has text before its CRLF");

    private static RedisProtocolException Violation(long offset, string what) =>
        new($"Invalid RESP at byte offset {offset} of the reply: {what}.");

    private static string Quote(in ReadOnlySequence<byte> line)
    {
        var builder = new StringBuilder();
        foreach (var b in line.Slice(0, Math.Min(line.Length, MaxQuotedBytes)).ToArray())
        {
            builder.Append(Printable(b));
        }

        return line.Length > MaxQuotedBytes ? builder.Append('…').ToString() : builder.ToString();
    }

    private static string Printable(byte b) =>
        b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}";
}
