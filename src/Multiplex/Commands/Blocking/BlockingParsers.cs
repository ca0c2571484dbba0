using Multiplex.Protocol;

namespace Multiplex.Commands.Blocking;

/// <summary>Reply parsers of the blocking commands.</summary>
internal static class BlockingParsers
{
    /// <summary>BLPOP/BRPOP: <c>[key, element]</c>, or null when the timeout passed (both protocols).</summary>
    public static readonly ReplyParser<ListElement?> ListElement = new ListElementParser();

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
}
