namespace Multiplex.Commands;

/// <summary>Conversions of reply trees shared by the typed-command parsers of sorted sets, geo and streams.</summary>
internal static class ReplyShapes
{
    /// <summary>An array of scalars as text; nulls stay null.</summary>
    public static string?[] Strings(RedisResult result)
    {
        if (result.IsNull)
        {
            return [];
        }

        var values = new string?[result.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (string?)result[i];
        }

        return values;
    }

    /// <summary>Text that must be present.</summary>
    public static string Text(RedisResult result) =>
        (string?)result ?? throw new InvalidCastException("A null reply cannot be converted to text.");

    /// <summary>A scalar number that may be null.</summary>
    public static long? NullableInt64(RedisResult result) => result.IsNull ? null : (long)result;

    /// <summary>A scalar double that may be null.</summary>
    public static double? NullableDouble(RedisResult result) => result.IsNull ? null : (double)result;
}
