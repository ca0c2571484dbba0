using Multiplex.Protocol;

namespace Multiplex.Commands.Collections;

/// <summary>Reply parsers shared by the hash, list and set commands.</summary>
internal static class CollectionParsers
{
    /// <summary>An array or set of values; null gives an empty array.</summary>
    public static readonly ReplyParser<RedisValue[]> Values = ReplyParsers.Values;

    /// <summary>An array of integers; null gives an empty array.</summary>
    public static readonly ReplyParser<long[]> Int64s = new Int64sParser();

    /// <summary>An array of 1/0 integers (or RESP3 booleans) as booleans.</summary>
    public static readonly ReplyParser<bool[]> Booleans = new BooleansParser();

    /// <summary>Field/value pairs as a map, a flat array or nested pairs.</summary>
    public static readonly ReplyParser<HashEntry[]> HashEntries = new HashEntriesParser();

    private sealed class Int64sParser : ReplyParser<long[]>
    {
        public override long[] Parse(ref RespReader reader) => CollectionReader.ReadInt64s(ref reader);
    }

    private sealed class BooleansParser : ReplyParser<bool[]>
    {
        public override bool[] Parse(ref RespReader reader)
        {
            if (reader.IsNull || reader.ChildCount == 0)
            {
                return [];
            }

            var values = new bool[reader.ChildCount];
            for (var i = 0; i < values.Length; i++)
            {
                reader.TryMoveNext();
                values[i] = reader.ReadBoolean();
            }

            return values;
        }
    }

    private sealed class HashEntriesParser : ReplyParser<HashEntry[]>
    {
        public override HashEntry[] Parse(ref RespReader reader) => CollectionReader.ReadHashEntries(ref reader);
    }
}
