using Multiplex.Protocol;

namespace Multiplex.Commands.SortedSets;

/// <summary>Reads an array of scalars (members) straight from the frame; a null reply gives an empty array.</summary>
internal sealed class ValuesParser : ReplyParser<RedisValue[]>
{
    public override RedisValue[] Parse(ref RespReader reader)
    {
        if (reader.IsNull || !reader.IsAggregate || reader.ChildCount == 0)
        {
            return [];
        }

        var values = new RedisValue[reader.ChildCount];
        for (var i = 0; i < values.Length; i++)
        {
            reader.TryMoveNext();
            values[i] = reader.ReadRedisValue();
        }

        return values;
    }
}
