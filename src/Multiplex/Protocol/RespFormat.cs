using System.Buffers.Text;
using System.Globalization;

namespace Multiplex.Protocol;

/// <summary>How Redis writes and reads numbers as text (https://redis.io/docs/latest/develop/reference/protocol-spec/).</summary>
internal static class RespFormat
{
    /// <summary>Formats a double the way Redis accepts it: shortest round-trip text, <c>inf</c>, <c>-inf</c>, <c>nan</c>.</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0;

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
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
