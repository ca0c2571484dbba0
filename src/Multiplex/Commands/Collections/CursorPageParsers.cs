using Multiplex.Protocol;

namespace Multiplex.Commands.Collections;

/// <summary>Parsers for the two-element cursor replies: <c>[cursor, [items…]]</c>.</summary>
internal static class CursorPageParsers
{
    /// <summary>A page of plain values (SSCAN).</summary>
    public static readonly ReplyParser<CursorPage<RedisValue>> Values = new ValuesParser();

    /// <summary>A page of field/value pairs (HSCAN).</summary>
    public static readonly ReplyParser<CursorPage<HashEntry>> HashEntries = new HashEntriesParser();

    /// <summary>A page of members and their scores (ZSCAN).</summary>
    public static readonly ReplyParser<CursorPage<SortedSetEntry>> SortedSetEntries = new ConvertingParser<CursorPage<SortedSetEntry>>(
        result => new CursorPage<SortedSetEntry>((RedisValue)result[0], SortedSets.SortedSetParsers.ToEntries(result[1])));

    private static RedisValue ReadCursor(ref RespReader reader)
    {
        reader.TryMoveNext();
        var cursor = reader.ReadRedisValue();
        reader.TryMoveNext();
        return cursor;
    }

    private sealed class ValuesParser : ReplyParser<CursorPage<RedisValue>>
    {
        public override CursorPage<RedisValue> Parse(ref RespReader reader)
        {
            var cursor = ReadCursor(ref reader);
            return new CursorPage<RedisValue>(cursor, CollectionReader.ReadValues(ref reader));
        }
    }

    private sealed class HashEntriesParser : ReplyParser<CursorPage<HashEntry>>
    {
        public override CursorPage<HashEntry> Parse(ref RespReader reader)
        {
            var cursor = ReadCursor(ref reader);
            return new CursorPage<HashEntry>(cursor, CollectionReader.ReadHashEntries(ref reader));
        }
    }
}
