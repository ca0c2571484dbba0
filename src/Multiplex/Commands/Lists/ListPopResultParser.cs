using Multiplex.Commands.Collections;
using Multiplex.Protocol;

namespace Multiplex.Commands.Lists;

/// <summary>Parses LMPOP's <c>[key, [elements…]]</c>, or null when every list was empty.</summary>
internal sealed class ListPopResultParser : ReplyParser<ListPopResult?>
{
    public static readonly ListPopResultParser Instance = new();

    public override ListPopResult? Parse(ref RespReader reader)
    {
        if (reader.IsNull)
        {
            return null;
        }

        reader.TryMoveNext();
        RedisKey key = reader.ReadBytes();
        reader.TryMoveNext();
        return new ListPopResult(key, CollectionReader.ReadValues(ref reader));
    }
}
