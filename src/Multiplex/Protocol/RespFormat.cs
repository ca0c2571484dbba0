using System.Buffers.Text;
using System.Globalization;

namespace Multiplex.Protocol;

/// <summary>How Redis writes and reads numbers as text (https://redis.io/docs/latest/develop/reference/protocol-spec/).</summary>
internal static class RespFormat
{
    // Sign, digits, decimal point and exponent, and no white space: Redis rejects " 42 " as a number
    // (string2ld, string2ll), so a conversion does too.
    private const NumberStyles DoubleStyles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Formats a double the way Redis accepts it: shortest round-trip text, <c>inf</c>, <c>-inf</c>, <c>nan</c>.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a 64-bit integer: an optional sign and decimal digits, nothing else.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0;

    /// <summary>Parses a double as Redis does: <c>inf</c>, <c>-inf</c>, <c>nan</c>, or a decimal number without surrounding spaces.</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            case "nan" or "-nan":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, DoubleStyles, CultureInfo.InvariantCulture, out value);
        }
    }
}
