using Multiplex.Protocol;

namespace Multiplex.Commands.SortedSets;

/// <summary>
/// Reads WITHSCORES replies straight from the frame: RESP3 <c>[[member, score], …]</c> (scores as doubles)
/// or RESP2 <c>[member, score, …]</c> (scores as bulk strings). A null reply gives an empty array.
/// </summary>
internal sealed class SortedSetEntriesParser : ReplyParser<SortedSetEntry[]>
{
    public override SortedSetEntry[] Parse(ref RespReader reader)
    {
        if (reader.IsNull || !reader.IsAggregate || reader.ChildCount == 0)
        {
            return [];
        }

        var childCount = reader.ChildCount;
        reader.TryMoveNext();
        var nested = reader.IsAggregate;
        var entries = new SortedSetEntry[nested ? childCount : childCount / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            if (i > 0)
            {
                reader.TryMoveNext();
            }

            if (nested)
            {
                reader.TryMoveNext();
            }

            var member = reader.ReadRedisValue();
            reader.TryMoveNext();
            entries[i] = new SortedSetEntry(member, reader.ReadDouble());
        }

        return entries;
    }
}
