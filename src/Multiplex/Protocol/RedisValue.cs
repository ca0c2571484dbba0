using System.Globalization;
using System.Text;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>
/// A Redis value: a binary-safe string that converts to and from <see cref="string"/> (UTF-8),
/// <see cref="byte"/> arrays, integers and doubles. Redis has one string type; the representation
/// kept here is whatever was given, converted only when asked for.
/// </summary>
public readonly struct RedisValue : IEquatable<RedisValue>
{
    // For RedisValueKind.Bytes, _bits is SharedBytes when the array is shared with the client-side cache:
    // the byte[] conversion then hands out a copy, so a caller cannot change what the cache holds.
    private const long SharedBytes = 1;

    private readonly object? _object;
    private readonly long _bits;
    private readonly RedisValueKind _kind;

    private RedisValue(object? value, long bits, RedisValueKind kind)
    {
        _object = value;
        _bits = bits;
        _kind = kind;
    }

    /// <summary>The null value (a missing key, a nil reply).</summary>
    public static RedisValue Null => default;

    /// <summary>An empty (zero-length), non-null value.</summary>
    public static RedisValue EmptyString { get; } = new(string.Empty, 0, RedisValueKind.String);

    /// <summary>Whether this is the null value.</summary>
    public bool IsNull => _kind == RedisValueKind.Null;

    /// <summary>Whether this is not the null value.</summary>
    public bool HasValue => _kind != RedisValueKind.Null;

    /// <summary>Whether this is null or zero-length.</summary>
    public bool IsNullOrEmpty => _kind switch
    {
        RedisValueKind.Null => true,
        RedisValueKind.String => ((string)_object!).Length == 0,
        RedisValueKind.Bytes => ((byte[])_object!).Length == 0,
        _ => false,
    };

    internal RedisValueKind Kind => _kind;

    internal object? RawObject => _object;

    internal long RawInt64 => _bits;

    internal double RawDouble => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>Wraps a string (stored as given, sent as UTF-8). A null string is the null value.</summary>
    /// <param name="value">The string.</param>
    public static implicit operator RedisValue(string? value) =>
        value is null ? default : new RedisValue(value, 0, RedisValueKind.String);

    /// <summary>Wraps a byte array without copying it. A null array is the null value.</summary>
    /// <param name="value">The bytes.</param>
    public static implicit operator RedisValue(byte[]? value) =>
        value is null ? default : new RedisValue(value, 0, RedisValueKind.Bytes);

    /// <summary>Wraps an integer (sent as its decimal text).</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator RedisValue(long value) => new(null, value, RedisValueKind.Int64);

    /// <summary>Wraps an integer (sent as its decimal text).</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator RedisValue(int value) => new(null, value, RedisValueKind.Int64);

    /// <summary>Wraps a double (sent as Redis formats doubles, with <c>inf</c> and <c>-inf</c>).</summary>
    /// <param name="value">The double.</param>
    public static implicit operator RedisValue(double value) =>
        new(null, BitConverter.DoubleToInt64Bits(value), RedisValueKind.Double);

    /// <summary>Wraps a boolean as the integer 1 or 0, as Redis represents it.</summary>
    /// <param name="value">The boolean.</param>
    public static implicit operator RedisValue(bool value) => new(null, value ? 1 : 0, RedisValueKind.Int64);

    /// <summary>The value as a string (bytes are decoded as UTF-8); null for the null value.</summary>
    /// <param name="value">The value.</param>
    public static explicit operator string?(RedisValue value) => value._kind switch
    {
        RedisValueKind.Null => null,
        RedisValueKind.String => (string)value._object!,
        RedisValueKind.Bytes => Encoding.UTF8.GetString((byte[])value._object!),
        RedisValueKind.Int64 => value._bits.ToString(CultureInfo.InvariantCulture),
        _ => RespFormat.FormatDouble(value.RawDouble),
    };

    /// <summary>The value as bytes (strings are encoded as UTF-8); null for the null value.</summary>
    /// <param name="value">The value.</param>
    public static explicit operator byte[]?(RedisValue value) => value._kind switch
    {
        RedisValueKind.Null => null,
        RedisValueKind.Bytes => value._bits == SharedBytes ? [.. (byte[])value._object!] : (byte[])value._object!,
        _ => Encoding.UTF8.GetBytes((string)value!),
    };

    /// <summary>
    /// This value, safe to share with the client-side cache: a byte array is held as shared, so the
    /// <see cref="byte"/>[] conversion copies it; other kinds are immutable already.
    /// </summary>
    internal RedisValue AsShared() => _kind == RedisValueKind.Bytes ? new(_object, SharedBytes, RedisValueKind.Bytes) : this;

    /// <summary>How many bytes the payload holds (UTF-16 for a string), for the client-side cache's byte bound.</summary>
    internal int PayloadSize => _kind switch
    {
        RedisValueKind.Bytes => ((byte[])_object!).Length,
        RedisValueKind.String => ((string)_object!).Length * sizeof(char),
        _ => 0,
    };

    /// <summary>The value as a 64-bit integer.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidCastException">The value is null or not an integer.</exception>
    public static explicit operator long(RedisValue value) =>
        value.TryParse(out long result) ? result : throw InvalidCast(value, "long");

    /// <summary>The value as a 32-bit integer.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidCastException">The value is null or not an integer in range.</exception>
    public static explicit operator int(RedisValue value) =>
        value.TryParse(out long result) && result is >= int.MinValue and <= int.MaxValue
            ? (int)result
            : throw InvalidCast(value, "int");

    /// <summary>The value as a double (accepts <c>inf</c>, <c>-inf</c> and <c>nan</c>).</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidCastException">The value is null or not a number.</exception>
    public static explicit operator double(RedisValue value) =>
        value.TryParse(out double result) ? result : throw InvalidCast(value, "double");

    /// <summary>The value as a 64-bit integer, or null for the null value.</summary>
    /// <param name="value">The value.</param>
    public static explicit operator long?(RedisValue value) => value.IsNull ? null : (long)value;

    /// <summary>The value as a double, or null for the null value.</summary>
    /// <param name="value">The value.</param>
    public static explicit operator double?(RedisValue value) => value.IsNull ? null : (double)value;

    /// <summary>The value as a boolean: the integer 1 is true, 0 is false.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidCastException">The value is not 0 or 1.</exception>
    public static explicit operator bool(RedisValue value) =>
        value.TryParse(out long result) && result is 0 or 1 ? result == 1 : throw InvalidCast(value, "bool");

    /// <summary>Compares two values by content (see <see cref="Equals(RedisValue)"/>).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    /// <summary>Compares two values by content (see <see cref="Equals(RedisValue)"/>).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);

    /// <summary>Parses the value as a 64-bit integer (an optional sign and decimal digits, no spaces, as Redis reads integers).</summary>
    /// <param name="result">The integer, when the value is one.</param>
    /// <returns>Whether the value is an integer.</returns>
    public bool TryParse(out long result)
    {
        switch (_kind)
        {
            case RedisValueKind.Int64:
                result = _bits;
                return true;
            case RedisValueKind.String:
                return long.TryParse((string)_object!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
            case RedisValueKind.Bytes:
                return RespFormat.TryParseInt64((byte[])_object!, out result);
            case RedisValueKind.Double:
                var d = RawDouble;
                result = (long)d;
                return result == d;
            default:
                result = 0;
                return false;
        }
    }

    /// <summary>Parses the value as a double, accepting Redis's <c>inf</c>, <c>-inf</c> and <c>nan</c>, and no surrounding spaces (Redis accepts none).</summary>
    /// <param name="result">The double, when the value is a number.</param>
    /// <returns>Whether the value is a number.</returns>
    public bool TryParse(out double result)
    {
        switch (_kind)
        {
            case RedisValueKind.Double:
                result = RawDouble;
                return true;
            case RedisValueKind.Int64:
                result = _bits;
                return true;
            case RedisValueKind.String:
                return RespFormat.TryParseDouble((string)_object!, out result);
            case RedisValueKind.Bytes:
                return RespFormat.TryParseDouble(Encoding.UTF8.GetString((byte[])_object!), out result);
            default:
                result = 0;
                return false;
        }
    }

    /// <summary>
    /// Compares by content: two values are equal when they would be sent as the same bytes (so
    /// <c>"1"</c> equals <c>1</c>, and a string equals the bytes of its UTF-8 encoding).
    /// </summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(RedisValue other)
    {
        if (_kind == RedisValueKind.Null || other._kind == RedisValueKind.Null)
        {
            return _kind == other._kind;
        }

        if (_kind == other._kind)
        {
            return _kind switch
            {
                RedisValueKind.String => string.Equals((string)_object!, (string)other._object!, StringComparison.Ordinal),
                RedisValueKind.Bytes => ((byte[])_object!).AsSpan().SequenceEqual((byte[])other._object!),
                _ => _bits == other._bits,
            };
        }

        return ((byte[])this!).AsSpan().SequenceEqual((byte[])other!);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_kind == RedisValueKind.Null)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.AddBytes(_kind == RedisValueKind.Bytes ? (byte[])_object! : (byte[])this!);
        return hash.ToHashCode();
    }

    /// <summary>The value as text (bytes decoded as UTF-8); an empty string for the null value.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => (string?)this ?? string.Empty;

    /// <summary>
    /// Why a value that is not null does not convert to <paramref name="type"/> (<c>long</c>, <c>int</c>,
    /// <c>double</c> or <c>bool</c>), as a clause to append to "… is not a valid <paramref name="type"/>",
    /// or empty. The value itself is never quoted: it may be a secret.
    /// </summary>
    internal static string WhyNot(RedisValue value, string type)
    {
        if (value.HasSurroundingSpace())
        {
            return ": it has spaces around it, which Redis does not accept in numbers";
        }

        if (type == "bool")
        {
            return ": only the integers 1 and 0 convert to bool";
        }

        if (type != "double" && value.TryParse(out double number) && double.IsFinite(number))
        {
            return Math.Floor(number) == number ? $": it is outside the range of {type}" : ": it is not a whole number";
        }

        return string.Empty;
    }

    private static InvalidCastException InvalidCast(RedisValue value, string type) =>
        new(value.IsNull
            ? $"A null Redis value cannot be converted to {type}."
            : $"The Redis value is not a valid {type}{WhyNot(value, type)}.");

    /// <summary>Whether the value is text that starts or ends with white space.</summary>
    private bool HasSurroundingSpace() => _kind switch
    {
        RedisValueKind.String => (string)_object! is { Length: > 0 } text && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])),
        RedisValueKind.Bytes => (byte[])_object! is { Length: > 0 } bytes && (IsAsciiSpace(bytes[0]) || IsAsciiSpace(bytes[^1])),
        _ => false,
    };

    private static bool IsAsciiSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
