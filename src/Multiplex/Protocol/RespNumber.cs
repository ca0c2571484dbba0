using System.Globalization;

namespace Multiplex.Protocol;

/// <summary>
/// Strict parsing of the number lines RESP carries: decimal integers with an optional minus sign,
/// and doubles with Redis's <c>inf</c>, <c>-inf</c> and <c>nan</c>
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
/// </summary>
internal static class RespNumber
{
    private const NumberStyles DoubleStyles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Parses a signed 64-bit decimal integer: an optional sign and 1 to
    /// <see cref="RespConstants.MaxNumberDigits"/> digits, nothing else, no overflow.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            text = text[1..];
        }

        if (text.IsEmpty || text.Length > RespConstants.MaxNumberDigits)
        {
            return false;
        }

        // Accumulate as a negative number so that long.MinValue, whose magnitude has no positive long, fits.
        long accumulated = 0;
        foreach (var b in text)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9 || accumulated < (long.MinValue + digit) / 10)
            {
                return false;
            }

            accumulated = (accumulated * 10) - digit;
        }

        if (!negative && accumulated == long.MinValue)
        {
            return false;
        }

        value = negative ? accumulated : -accumulated;
        return true;
    }

    /// <summary>Parses a double as Redis writes it, accepting <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (text.SequenceEqual("-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(text, DoubleStyles, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether the text is an optional sign followed by at least one decimal digit (a RESP3 big number).</summary>
    public static bool IsBigNumber(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            text = text[1..];
        }

        return !text.IsEmpty && !text.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    /// <summary>The number of decimal digits of a non-negative integer.</summary>
    public static int CountDigits(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
