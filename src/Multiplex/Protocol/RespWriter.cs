using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Multiplex.Protocol;

/// <summary>
/// Encodes commands the way Redis expects them: an array of bulk strings
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/#sending-commands-to-a-redis-server).
/// Every method writes straight into the destination's memory and allocates nothing.
/// </summary>
internal static class RespWriter
{
    /// <summary>The longest header: a type byte, at most 20 digits of a signed length, and CRLF.</summary>
    public const int MaxHeaderLength = 1 + RespConstants.MaxNumberLineLength + RespConstants.CrlfLength;

    // "-9223372036854775808" is the longest decimal long.
    private const int MaxInt64Length = 20;

    // Text up to this many characters is encoded in one pass, into room for its longest UTF-8 form
    // (WriteShortBulkString); longer text is measured first.
    public const int OnePassStringLength = 256;

    // Text up to this many characters is copied a character at a time when it is ASCII; longer text goes
    // to the vectorised transcoder, which pays off past it.
    internal const int ShortAsciiLength = 24;

    // A UTF-16 character takes at most three UTF-8 bytes (a surrogate pair takes four for two).
    private const int MaxUtf8BytesPerChar = 3;

    // Shortest round-trip text of a double is at most 24 characters ("-2.2250738585072014E-308").
    private const int MaxDoubleLength = 32;

    /// <summary>Writes <c>*count\r\n</c>, the header of a command with that many arguments.</summary>
    public static void WriteArrayHeader(IBufferWriter<byte> writer, int count) =>
        writer.Advance(WriteArrayHeader(writer.GetSpan(MaxHeaderLength), count));

    /// <summary>Writes <c>*count\r\n</c> at the start of <paramref name="destination"/> (room for <see cref="MaxHeaderLength"/>); returns its length.</summary>
    public static int WriteArrayHeader(Span<byte> destination, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return WriteHeader(destination, RespPrefix.Array, count);
    }

    /// <summary>Writes a precomputed command name or constant argument.</summary>
    public static void WriteCommandToken(IBufferWriter<byte> writer, CommandToken token) => writer.Write(token.Encoded);

    /// <summary>
    /// Writes bytes as a bulk string. The writer is asked once for room for the whole of it, so a
    /// command buffer grows once, to the size it needs, and a large value is copied once.
    /// </summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        var total = GetBulkStringLength(value.Length);
        var destination = writer.GetSpan(total);
        var written = WriteHeader(destination, RespPrefix.BulkString, value.Length);
        value.CopyTo(destination[written..]);
        RespConstants.Crlf.CopyTo(destination[(written + value.Length)..]);
        writer.Advance(total);
    }

    /// <summary>Writes text as a UTF-8 bulk string, encoding it straight into the destination.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= OnePassStringLength)
        {
            var room = writer.GetSpan(GetShortBulkStringRoom(value.Length));
            writer.Advance(WriteShortBulkString(room, value));
            return;
        }

        // Measured first, so that the buffer grows by what the text takes, not three times its length.
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var total = GetBulkStringLength(byteCount);
        var destination = writer.GetSpan(total);
        var written = WriteHeader(destination, RespPrefix.BulkString, byteCount);
        written += Encoding.UTF8.GetBytes(value, destination[written..]);
        RespConstants.Crlf.CopyTo(destination[written..]);
        writer.Advance(total);
    }

    /// <summary>The room <see cref="WriteShortBulkString"/> needs for text of <paramref name="length"/> characters.</summary>
    public static int GetShortBulkStringRoom(int length) => GetBulkStringLength(length * MaxUtf8BytesPerChar);

    /// <summary>
    /// Writes text of at most <see cref="OnePassStringLength"/> characters as a UTF-8 bulk string in one
    /// pass: the text is encoded after room for the header of its shortest form (one byte a character,
    /// which ASCII text is), and moved forward when its header turns out longer.
    /// <paramref name="destination"/> holds at least <see cref="GetShortBulkStringRoom"/>. Returns the
    /// bytes written; the same bytes as the measuring path writes (a lone surrogate becomes U+FFFD in both).
    /// </summary>
    public static int WriteShortBulkString(Span<byte> destination, string value)
    {
        var reserved = 1 + RespNumber.CountDigits(value.Length) + RespConstants.CrlfLength;
        if (!TryWriteShortAscii(value, destination[reserved..], out var byteCount))
        {
            Utf8.FromUtf16(value, destination[reserved..], out _, out byteCount);
        }

        var header = 1 + RespNumber.CountDigits(byteCount) + RespConstants.CrlfLength;
        if (header != reserved)
        {
            destination.Slice(reserved, byteCount).CopyTo(destination[header..]);
        }

        WriteHeader(destination, RespPrefix.BulkString, byteCount);
        WriteCrlf(destination, header + byteCount);
        return header + byteCount + RespConstants.CrlfLength;
    }

    /// <summary>
    /// Copies text of at most <see cref="ShortAsciiLength"/> ASCII characters a byte each (a key such as
    /// <c>user:42</c>, without the set-up cost of the general transcoder); false, having written part
    /// of it, when it is longer or not ASCII.
    /// </summary>
    internal static bool TryWriteShortAscii(string value, Span<byte> destination, out int written)
    {
        written = value.Length;
        if (value.Length > ShortAsciiLength || destination.Length < value.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var character = value[i];
            if (character > 0x7F)
            {
                return false;
            }

            destination[i] = (byte)character;
        }

        return true;
    }

    /// <summary>Writes an integer as a bulk string of its decimal text.</summary>
    public static void WriteBulkString(IBufferWriter<byte> writer, long value)
    {
        Span<byte> text = stackalloc byte[MaxInt64Length];
        Utf8Formatter.TryFormat(value, text, out var length);
        WriteBulkString(writer, text[..length]);
    }

    /// <summary>
    /// Writes a double as Redis reads it: shortest round-trip invariant text, <c>inf</c> or <c>-inf</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is NaN, which Redis does not accept.</exception>
    public static void WriteBulkString(IBufferWriter<byte> writer, double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN cannot be sent to Redis.", nameof(value));
        }

        if (double.IsInfinity(value))
        {
            WriteBulkString(writer, value > 0 ? RespConstants.PositiveInfinity : RespConstants.NegativeInfinity);
            return;
        }

        Span<byte> text = stackalloc byte[MaxDoubleLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        WriteBulkString(writer, text[..length]);
    }

    /// <summary>Writes a key.</summary>
    /// <exception cref="ArgumentException">The key is null.</exception>
    public static void WriteBulkString(IBufferWriter<byte> writer, RedisKey key)
    {
        switch (key.RawObject)
        {
            case string text:
                WriteBulkString(writer, text);
                break;
            case byte[] bytes:
                WriteBulkString(writer, bytes.AsSpan());
                break;
            default:
                throw new ArgumentException("A null key cannot be sent to Redis.", nameof(key));
        }
    }

    /// <summary>Writes a value as the bytes Redis stores.</summary>
    /// <exception cref="ArgumentException">The value is null: Redis has no null argument.</exception>
    public static void WriteBulkString(IBufferWriter<byte> writer, RedisValue value)
    {
        switch (value.Kind)
        {
            case RedisValueKind.String:
                WriteBulkString(writer, (string)value.RawObject!);
                break;
            case RedisValueKind.Bytes:
                WriteBulkString(writer, ((byte[])value.RawObject!).AsSpan());
                break;
            case RedisValueKind.Int64:
                WriteBulkString(writer, value.RawInt64);
                break;
            case RedisValueKind.Double:
                WriteBulkString(writer, value.RawDouble);
                break;
            default:
                throw new ArgumentException("A null value cannot be sent to Redis.", nameof(value));
        }
    }

    /// <summary>The encoded size of a bulk string with a payload of the given length.</summary>
    public static int GetBulkStringLength(int payloadLength) =>
        1 + RespNumber.CountDigits(payloadLength) + RespConstants.CrlfLength + payloadLength + RespConstants.CrlfLength;

    private static int WriteHeader(Span<byte> destination, RespPrefix prefix, int length)
    {
        destination[0] = (byte)prefix;
        int digits;
        if ((uint)length < 100)
        {
            // Nearly every header (argument counts, keys, short values): no formatter call.
            if (length < 10)
            {
                destination[1] = (byte)('0' + length);
                digits = 1;
            }
            else
            {
                destination[2] = (byte)('0' + (length % 10));
                destination[1] = (byte)('0' + (length / 10));
                digits = 2;
            }
        }
        else
        {
            Utf8Formatter.TryFormat(length, destination[1..], out digits);
        }

        WriteCrlf(destination, 1 + digits);
        return 1 + digits + RespConstants.CrlfLength;
    }

    // Two stores: a copy of RespConstants.Crlf is a call to a general memory move.
    private static void WriteCrlf(Span<byte> destination, int at)
    {
        destination[at + 1] = (byte)'\n';
        destination[at] = (byte)'\r';
    }
}
