using Multiplex.Protocol;

namespace Multiplex.Commands.Collections;

/// <summary>
/// Reads the aggregate replies of the collection commands (hashes, lists, sets) so that RESP2 flat
/// arrays and RESP3 maps, sets and nested pairs give the same .NET values.
/// </summary>
internal static class CollectionReader
{
    /// <summary>Reads the elements of the current array or set as values; a null reply gives an empty array.</summary>
    public static RedisValue[] ReadValues(ref RespReader reader)
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

    /// <summary>
    /// Reads field/value pairs from a RESP3 map, a flat array (<c>f1, v1, f2, v2…</c>) or an array of
    /// two-element arrays; a null reply gives an empty array.
    /// </summary>
    public static HashEntry[] ReadHashEntries(ref RespReader reader)
    {
        if (reader.IsNull || reader.ChildCount == 0)
        {
            return [];
        }

        var count = reader.ChildCount;
        reader.TryMoveNext();
        if (reader.IsAggregate)
        {
            // An array of [field, value] arrays; the reader is on the first pair's header.
            var nested = new HashEntry[count];
            for (var i = 0; i < nested.Length; i++)
            {
                if (i > 0)
                {
                    reader.TryMoveNext();
                }

                nested[i] = ReadPair(ref reader);
            }

            return nested;
        }

        var flat = new HashEntry[count / 2];
        for (var i = 0; i < flat.Length; i++)
        {
            if (i > 0)
            {
                reader.TryMoveNext();
            }

            var name = reader.ReadRedisValue();
            reader.TryMoveNext();
            flat[i] = new HashEntry(name, reader.ReadRedisValue());
        }

        return flat;
    }

    /// <summary>Reads the elements of the current array as integers; a null reply gives an empty array.</summary>
    public static long[] ReadInt64s(ref RespReader reader)
    {
        if (reader.IsNull || reader.ChildCount == 0)
        {
            return [];
        }

        var values = new long[reader.ChildCount];
        for (var i = 0; i < values.Length; i++)
        {
            reader.TryMoveNext();
            values[i] = reader.ReadInt64();
        }

        return values;
    }

    private static HashEntry ReadPair(ref RespReader reader)
    {
        reader.TryMoveNext();
        var name = reader.ReadRedisValue();
        reader.TryMoveNext();
        return new HashEntry(name, reader.ReadRedisValue());
    }
}
