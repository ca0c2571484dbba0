using Multiplex.Commands;

namespace Multiplex.Caching;

/// <summary>
/// One cached reply, or the place held for one while its read is in flight (<see cref="IsStored"/> false).
/// It sits in the cache's lookup table and in the list of each key it read; once stored, also on the
/// CLOCK ring. Every field but <see cref="Referenced"/> changes under the cache's lock only.
/// </summary>
internal abstract class CacheEntry(byte[] lookupKey, byte[][] keys)
{
    private volatile bool _isStored;

    /// <summary>The namespace (a key-prefix view's prefix) and the encoded command: what a hit matches.</summary>
    public byte[] LookupKey { get; } = lookupKey;

    /// <summary>The keys the command read, as the server names them in invalidations.</summary>
    public byte[][] Keys { get; } = keys;

    /// <summary>Whether the reply is stored (false while the read is in flight).</summary>
    public bool IsStored => _isStored;

    /// <summary>Set by a hit, cleared when the CLOCK hand passes: a second chance before eviction.</summary>
    public bool Referenced { get; set; }

    /// <summary>Whether the CLOCK hand ever found the entry hit (under the cache's lock): counted when it is evicted.</summary>
    public bool WasHit { get; set; }

    /// <summary>When the entry stops being served (<see cref="Environment.TickCount64"/>), or <see cref="long.MaxValue"/>.</summary>
    public long ExpiresAt { get; set; } = long.MaxValue;

    /// <summary>The bytes the entry counts against <see cref="ClientCacheOptions.MaxBytes"/>.</summary>
    public long Size { get; set; }

    /// <summary>The next entry on the CLOCK ring.</summary>
    public CacheEntry? Next { get; set; }

    /// <summary>The previous entry on the CLOCK ring.</summary>
    public CacheEntry? Previous { get; set; }

    /// <summary>Publishes the stored reply: hits see it from now on.</summary>
    public void MarkStored() => _isStored = true;
}

/// <summary>A cached reply of type <typeparamref name="T"/>, read by <see cref="Parser"/>.</summary>
/// <typeparam name="T">The reply's type.</typeparam>
internal sealed class CacheEntry<T>(byte[] lookupKey, byte[][] keys, ReplyParser<T> parser) : CacheEntry(lookupKey, keys)
{
    /// <summary>The parser the reply was read with: a hit must ask for the same one.</summary>
    public ReplyParser<T> Parser { get; } = parser;

    /// <summary>The stored reply, in the form <see cref="CachedValues{T}"/> keeps (shared byte arrays frozen).</summary>
    public T Value { get; set; } = default!;
}
