using Multiplex.Protocol;

namespace Multiplex.Commands.Bitmaps;

/// <summary>Reply parsers of the bitmap commands.</summary>
internal static class BitmapParsers
{
    /// <summary>An array of integers, each possibly null (<c>BITFIELD</c>); a null array is empty.</summary>
    public static readonly ReplyParser<long?[]> NullableInt64Array = new NullableInt64ArrayParser();

    private sealed class NullableInt64ArrayParser : ReplyParser<long?[]>
    {
        public override long?[] Parse(ref RespReader reader)
        {
            if (reader.IsNull || reader.ChildCount == 0)
            {
                return [];
            }

            var values = new long?[reader.ChildCount];
            for (var i = 0; i < values.Length; i++)
            {
                reader.TryMoveNext();
                values[i] = reader.IsNull ? null : reader.ReadInt64();
            }

            return values;
        }
    }
}
