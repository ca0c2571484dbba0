using Multiplex.Commands.Keys;

namespace Multiplex.Views;

/// <summary>
/// How a view takes its prefix off the keys a reply of type <typeparamref name="T"/> names: SCAN and KEYS
/// pages, the list or sorted set a (blocking) pop came from, the streams XREAD read. Decided by the result
/// type alone, so a new command that returns one of these types is stripped without being listed; a unit
/// test fails when a reply type that names keys has no entry here.
/// </summary>
/// <typeparam name="T">A reply parser's result type.</typeparam>
internal static class KeyReplies<T>
{
    /// <summary>Strips the prefix from a reply's keys; null when <typeparamref name="T"/> names no keys.</summary>
    public static readonly Func<KeyPrefixer, T, T>? Strip = Create();

    private static Func<KeyPrefixer, T, T>? Create()
    {
        var type = typeof(T);
        if (type == typeof(RedisKey))
        {
            return As<RedisKey>((prefix, key) => prefix.Strip(key));
        }

        if (type == typeof(RedisKey[]))
        {
            return As<RedisKey[]>((prefix, keys) => prefix.Strip(keys));
        }

        if (type == typeof(ScanPage))
        {
            return As<ScanPage>((prefix, page) => page with { Keys = prefix.Strip(page.Keys) });
        }

        if (type == typeof(ListElement?))
        {
            return As<ListElement?>((prefix, element) => element is { } e ? e with { Key = prefix.Strip(e.Key) } : null);
        }

        if (type == typeof(SortedSetElement?))
        {
            return As<SortedSetElement?>((prefix, element) => element is { } e ? e with { Key = prefix.Strip(e.Key) } : null);
        }

        if (type == typeof(ListPopResult))
        {
            return As<ListPopResult?>((prefix, result) => result is null ? null : result with { Key = prefix.Strip(result.Key) });
        }

        if (type == typeof(SortedSetPopResult))
        {
            return As<SortedSetPopResult?>((prefix, result) => result is null ? null : result with { Key = prefix.Strip(result.Key) });
        }

        if (type == typeof(StreamReadResult[]))
        {
            return As<StreamReadResult[]>((prefix, results) =>
            {
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = results[i] with { Key = prefix.Strip(results[i].Key) };
                }

                return results;
            });
        }

        return null;
    }

    private static Func<KeyPrefixer, T, T> As<TReply>(Func<KeyPrefixer, TReply, TReply> strip) => (Func<KeyPrefixer, T, T>)(object)strip;
}
