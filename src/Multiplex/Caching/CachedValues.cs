using System.Runtime.CompilerServices;

namespace Multiplex.Caching;

/// <summary>
/// How a reply of type <typeparamref name="T"/> is kept in the cache so that no caller can change what the
/// cache holds: byte arrays inside <see cref="RedisValue"/>s are frozen (their <c>byte[]</c> conversion
/// copies, so a hit of a GET allocates nothing), and arrays of results are copied for each caller.
/// Types not handled here are never cached.
/// </summary>
/// <typeparam name="T">The reply's type.</typeparam>
internal static class CachedValues<T>
{
    // A rough size of an object header and an array's length, counted against the byte bound.
    private const int ObjectOverhead = 24;

    /// <summary>Whether replies of this type can be cached.</summary>
    public static bool IsSupported { get; } =
        typeof(T) == typeof(RedisValue)
        || typeof(T) == typeof(RedisValue[])
        || typeof(T) == typeof(HashEntry[])
        || typeof(T) == typeof(SortedSetEntry[])
        || !RuntimeHelpers.IsReferenceOrContainsReferences<T>()
        || (typeof(T).IsArray && typeof(T).GetElementType() is { IsValueType: true } element && !ContainsReferences(element));

    /// <summary>Makes a freshly parsed reply (not yet seen by anyone) safe to keep; changes arrays in place.</summary>
    public static T Freeze(T value)
    {
        if (typeof(T) == typeof(RedisValue))
        {
            return (T)(object)((RedisValue)(object)value!).AsShared();
        }

        switch (value)
        {
            case RedisValue[] values:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = values[i].AsShared();
                }

                break;
            case HashEntry[] entries:
                for (var i = 0; i < entries.Length; i++)
                {
                    entries[i] = new HashEntry(entries[i].Name.AsShared(), entries[i].Value.AsShared());
                }

                break;
            case SortedSetEntry[] members:
                for (var i = 0; i < members.Length; i++)
                {
                    members[i] = members[i] with { Member = members[i].Member.AsShared() };
                }

                break;
        }

        return value;
    }

    /// <summary>What a caller gets of a kept reply: the reply itself, or a copy of an array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Out(T value)
    {
        if (typeof(T) == typeof(RedisValue) || !RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            return value;
        }

        return value is Array array ? (T)array.Clone() : value;
    }

    /// <summary>The bytes a kept reply counts against <see cref="ClientCacheOptions.MaxBytes"/>.</summary>
    public static long SizeOf(T value)
    {
        switch (value)
        {
            case RedisValue single:
                return single.PayloadSize;
            case RedisValue[] values:
                return ObjectOverhead + values.Sum(item => (long)Unsafe.SizeOf<RedisValue>() + item.PayloadSize);
            case HashEntry[] entries:
                return ObjectOverhead + entries.Sum(item => (long)Unsafe.SizeOf<HashEntry>() + item.Name.PayloadSize + item.Value.PayloadSize);
            case SortedSetEntry[] members:
                return ObjectOverhead + members.Sum(item => (long)Unsafe.SizeOf<SortedSetEntry>() + item.Member.PayloadSize);
            case Array array:
                return ObjectOverhead + ((long)array.Length * 16);
            default:
                return Unsafe.SizeOf<T>();
        }
    }

    private static bool ContainsReferences(Type type) =>
        !type.IsPrimitive && !type.IsEnum && Nullable.GetUnderlyingType(type) is not { IsPrimitive: true };
}
