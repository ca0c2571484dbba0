using Multiplex.Protocol;

namespace Multiplex.Commands.Blocking;

/// <summary>Reply parsers of the blocking commands.</summary>
internal static class BlockingParsers
{
    /// <summary>BLPOP/BRPOP: <c>[key, element]</c>, or null when the timeout passed (both protocols).</summary>
    public static readonly ReplyParser<ListElement?> ListElement = new ListElementParser();

    /// <summary>BZPOPMIN/BZPOPMAX: <c>[key, member, score]</c> (the score a double in RESP3, a bulk string in RESP2), or null when the timeout passed.</summary>
    public static readonly ReplyParser<SortedSetElement?> SortedSetElement = new SortedSetElementParser();

    /// <summary>WAITAOF: <c>[local, replicas]</c>.</summary>
    public static readonly ReplyParser<WaitAofResult> WaitAof = new ConvertingParser<WaitAofResult>(result => new WaitAofResult((long)result[0], (long)result[1]));

    private sealed class ListElementParser : ReplyParser<ListElement?>
    {
        public override ListElement? Parse(ref RespReader reader)
        {
            if (reader.IsNull)
            {
                return null;
            }

            if (!reader.IsAggregate || reader.ChildCount != 2)
            {
                throw new RedisProtocolException($"Expected a [key, element] pair, got {reader.Prefix} with {reader.ChildCount} children.");
            }

            reader.TryMoveNext();
            RedisKey key = reader.ReadBytes();
            reader.TryMoveNext();
            return new ListElement(key, reader.ReadRedisValue());
        }
    }

    private sealed class SortedSetElementParser : ReplyParser<SortedSetElement?>
    {
        public override SortedSetElement? Parse(ref RespReader reader)
        {
            if (reader.IsNull)
            {
                return null;
            }

            if (!reader.IsAggregate || reader.ChildCount != 3)
            {
                throw new RedisProtocolException($"Expected a [key, member, score] triple, got {reader.Prefix} with {reader.ChildCount} children.");
            }

            reader.TryMoveNext();
            RedisKey key = reader.ReadBytes();
            reader.TryMoveNext();
            var member = reader.ReadRedisValue();
            reader.TryMoveNext();
            return new SortedSetElement(key, new SortedSetEntry(member, reader.ReadDouble()));
        }
    }
}
