using Multiplex.Protocol;
namespace Multiplex.Commands.SortedSets;

/// <summary>
/// Reply parsers for sorted sets. RESP3 sends scores as doubles and WITHSCORES replies as
/// <c>[member, score]</c> pairs; RESP2 sends a flat array of bulk strings. Both give the same result.
/// </summary>
internal static class SortedSetParsers
{
    public static readonly ReplyParser<RedisValue[]> Values = ReplyParsers.Values;

    public static readonly ReplyParser<double?> NullableDouble = new NullableDoubleParser();

    public static readonly ReplyParser<double?[]> NullableDoubles = new ConvertingParser<double?[]>(
        result => [.. result.Elements.Select(ReplyShapes.NullableDouble)]);

    public static readonly ReplyParser<SortedSetEntry[]> Entries = new SortedSetEntriesParser();

    public static readonly ReplyParser<SortedSetEntry?> SingleEntry = new ConvertingParser<SortedSetEntry?>(result =>
    {
        var entries = ToEntries(result);
        return entries.Length == 0 ? null : entries[0];
    });

    public static readonly ReplyParser<SortedSetPopResult?> PopResult = new ConvertingParser<SortedSetPopResult?>(result =>
        result.IsNull ? null : new SortedSetPopResult((string?)result[0] ?? string.Empty, ToEntries(result[1])));

    /// <summary>Entries from a flat <c>member, score, …</c> array or from an array of pairs.</summary>
    public static SortedSetEntry[] ToEntries(RedisResult result)
    {
        if (result.IsNull || result.Count == 0)
        {
            return [];
        }

        if (result[0].IsAggregate)
        {
            return [.. result.Elements.Select(pair => new SortedSetEntry((RedisValue)pair[0], (double)pair[1]))];
        }

        var entries = new SortedSetEntry[result.Count / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new SortedSetEntry((RedisValue)result[2 * i], (double)result[(2 * i) + 1]);
        }

        return entries;
    }

    /// <summary>A score (RESP3 double, or RESP2 bulk string), or null, read straight from the frame.</summary>
    private sealed class NullableDoubleParser : ReplyParser<double?>
    {
        public override double? Parse(ref RespReader reader) => reader.IsNull ? null : reader.ReadDouble();
    }
}
