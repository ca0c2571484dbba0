using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Multiplex.Caching;
using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Connections;

namespace Multiplex;

/// <summary>The client-side cache's part in sending a command: hits, fills, and writes dropping their keys.</summary>
public abstract partial class RedisCommands
{
    // Commands (with a view's prefix) longer than this are sent without a cache lookup: the lookup key is
    // built in a small per-thread buffer.
    private const int MaxLookupKeyLength = 512;

    // The client's cache, when it has one: reads of cached commands are looked up in it (unless
    // _readsFromCache is false), and writes drop their keys from it.
    private ClientCache? _clientCache;
    private bool _readsFromCache;

    /// <summary>Gives these commands the client's cache; <paramref name="reads"/> false only drops written keys (a view without the cache).</summary>
    private protected void UseClientCache(ClientCache? cache, bool reads)
    {
        _clientCache = cache;
        _readsFromCache = reads;
    }

    /// <summary>The client's cache these commands use, if any.</summary>
    private protected ClientCache? ClientCacheInUse => _clientCache;

    /// <summary>Whether reads are looked up in the cache (false on a view without it).</summary>
    private protected bool ReadsFromCache => _readsFromCache;

    // Where a read's lookup key is built, one per thread (TryReadCached, SendCached).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_lookupKey;

    /// <summary>
    /// Looks a one-key read up in the cache before a command is rented and encoded for it, so a hit costs
    /// no pooled command: the lookup key is encoded as <see cref="SendCached{T}"/> would build it from the
    /// command's frame. False (a miss counted, or no lookup) means: rent, encode and send the command
    /// with <paramref name="lookup"/>, so it is not looked up again and the cache's admission is not
    /// asked twice.
    /// </summary>
    private protected bool TryReadCached<T>(CommandSpec spec, RedisKey key, ReplyParser<T> parser, out T value, out CacheLookup lookup)
    {
        if (!LooksUp<T>(spec, out var cache, out var lookupKey))
        {
            value = default!;
            lookup = CacheLookup.None;
            return false;
        }

        CommandEncoder.Write(lookupKey, spec, key);
        return TryGetLookedUp(cache, lookupKey, parser, out value, out lookup);
    }

    /// <summary>
    /// <see cref="TryReadCached{T}(CommandSpec, RedisKey, ReplyParser{T}, out T, out CacheLookup)"/> for a
    /// read with arguments after its key (HGET, SISMEMBER, ZSCORE, …), encoded as
    /// <see cref="CollectionEncoder"/> encodes the command.
    /// </summary>
    private protected bool TryReadCached<T>(CommandSpec spec, in RedisKey key, scoped ReadOnlySpan<RedisValue> arguments, ReplyParser<T> parser, out T value, out CacheLookup lookup)
    {
        if (!LooksUp<T>(spec, out var cache, out var lookupKey))
        {
            value = default!;
            lookup = CacheLookup.None;
            return false;
        }

        CollectionEncoder.Write(lookupKey, spec, key, arguments);
        return TryGetLookedUp(cache, lookupKey, parser, out value, out lookup);
    }

    /// <summary>Whether a read of <paramref name="spec"/> is looked up in the cache; if so, its lookup key begun.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool LooksUp<T>(CommandSpec spec, [NotNullWhen(true)] out ClientCache? cache, [NotNullWhen(true)] out ArrayBufferWriter<byte>? lookupKey)
    {
        cache = _clientCache;
        if (cache is null || !_readsFromCache || !cache.Caches(spec) || !CachedValues<T>.IsSupported)
        {
            lookupKey = null;
            return false;
        }

        lookupKey = BeginLookupKey(Prefixer is { } prefixer ? prefixer.Key : []);
        return true;
    }

    /// <summary>Looks the encoded lookup key up, unless it is too long to cache; on a miss, asks whether its reply would be stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryGetLookedUp<T>(ClientCache cache, ArrayBufferWriter<byte> lookupKey, ReplyParser<T> parser, out T value, out CacheLookup lookup)
    {
        if (lookupKey.WrittenCount > MaxLookupKeyLength)
        {
            // Too long to cache (SendCached sends it without a lookup too); the scratch buffer is not kept at that size.
            t_lookupKey = null;
            value = default!;
            lookup = CacheLookup.Skipped;
            return false;
        }

        // One hash for the table and, on a miss, the admission filter.
        var hash = ByteArrayComparer.Hash(lookupKey.WrittenSpan);
        if (cache.TryGet(lookupKey.WrittenSpan, hash, parser, out value))
        {
            lookup = CacheLookup.None;
            return true;
        }

        lookup = cache.Admits(hash) ? CacheLookup.Admitted : CacheLookup.Skipped;
        return false;
    }

    /// <summary>
    /// This thread's lookup key, begun: the length and bytes of a key-prefix view's prefix
    /// (<paramref name="space"/>); the command's frame follows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ArrayBufferWriter<byte> BeginLookupKey(ReadOnlySpan<byte> space)
    {
        var lookupKey = t_lookupKey ??= new ArrayBufferWriter<byte>(MaxLookupKeyLength);
        lookupKey.ResetWrittenCount();
        BinaryPrimitives.WriteInt32LittleEndian(lookupKey.GetSpan(sizeof(int)), space.Length);
        lookupKey.Advance(sizeof(int));
        lookupKey.Write(space);
        return lookupKey;
    }

    /// <summary>
    /// Answers a cached read from the cache, or sends it holding a place for its reply. The lookup key is
    /// the length and bytes of a key-prefix view's prefix, then the encoded command, so that views of
    /// different prefixes never share entries (a client's other databases have caches of their own).
    /// </summary>
    private ValueTask<T> SendCached<T>(ClientCache cache, PendingCommand<T> command, CancellationToken cancellationToken, CacheLookup lookup)
    {
        var frame = command.Encoded;
        var space = Prefixer is { } prefixer ? prefixer.Key : [];
        var length = sizeof(int) + space.Length + frame.Length;
        if (lookup == CacheLookup.Skipped || length > MaxLookupKeyLength || !CachedValues<T>.IsSupported)
        {
            return SendToSink(command, cancellationToken);
        }

        var lookupWriter = BeginLookupKey(space);
        lookupWriter.Write(frame);
        var lookupKey = lookupWriter.WrittenSpan;
        if (lookup == CacheLookup.None)
        {
            var hash = ByteArrayComparer.Hash(lookupKey);
            if (cache.TryGet(lookupKey, hash, command.Parser, out var value))
            {
                command.Recycle();
                return new ValueTask<T>(value);
            }

            if (!cache.Admits(hash))
            {
                return SendToSink(command, cancellationToken);
            }
        }

        var keys = KeysOf(command, space);
        if (cache.CachesKeys(keys) && cache.BeginFill(lookupKey, keys, command.Parser) is { } entry)
        {
            var fill = new CacheFill<T>(cache, entry, command.Parser);
            command.Parser = fill;
            if (cache.OptIn)
            {
                command.AskCaching(fill);
            }
        }

        return SendToSink(command, cancellationToken);
    }

    /// <summary>
    /// Drops a write's keys from the cache now, and again when its reply arrives (before its caller
    /// resumes), so a read after the write never sees a reply read before it, whichever connection the
    /// server's own invalidation comes on.
    /// </summary>
    private void InvalidateWrittenKeys<T>(ClientCache cache, PendingCommand<T> command)
    {
        var keys = KeysOf(command, Prefixer is { } prefixer ? prefixer.Key : []);
        if (keys.Length == 0)
        {
            return;
        }

        foreach (var key in keys)
        {
            cache.Invalidate(key);
        }

        command.Parser = new WriteInvalidation<T>(cache, keys, command.Parser);
    }

    /// <summary>The keys of an encoded command as the server sees them: with the view's prefix before each.</summary>
    private static byte[][] KeysOf(PendingCommand command, byte[] space)
    {
        // One key at a fixed place (every cached read, most writes): found without listing the arguments.
        if (command.Command.Keys.IsSingleKey)
        {
            return command.Command.Keys.TryFindFirstKey(command.Encoded, out var range)
                ? [space.Length == 0 ? command.Encoded[range].ToArray() : [.. space, .. command.Encoded[range]]]
                : [];
        }

        var keys = command.Command.Keys.ReadKeys(command.Encoded);
        var result = new byte[keys.Count][];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = space.Length == 0 ? keys[i] : [.. space, .. keys[i]];
        }

        return result;
    }
}
