using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Multiplex.Caching;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>The client-side cache's part in sending a command: hits, fills, and writes dropping their keys.</summary>
public abstract partial class RedisCommands
{
    // Commands (with a view's prefix) longer than this are sent without a cache lookup: the lookup key is
    // built in a small per-thread buffer.
    private const int MaxLookupKeyLength = 512;

    // A lookup key starts with the length of a key-prefix view's prefix (a 7-bit varint: one byte up to
    // 127) and the prefix. A read looked up before its command is rented (TryReadCached) then has a form
    // of its own, shorter than its encoded command, so a hit hashes and compares less (a GET of
    // "hot:42": 10 bytes instead of 29; up to 16 bytes the hash reads no loop): ReadForm (an encoded
    // command starts with '*', so the two forms never meet), the command's place among the supported
    // commands (CommandSpec.CacheIndex, one byte), the key's length (a varint) and its bytes, then any
    // arguments as the command encodes them (bulk strings, each saying its length). Every part says
    // where it ends, so two reads share a lookup key only when they are the same command of the same
    // key and arguments. Other reads (looked up in SendCached) have the encoded command after the prefix.
    private const byte ReadForm = 0;

    // The most a varint of an int takes.
    private const int MaxVarintLength = 5;

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
    /// no pooled command; its lookup key has a form of its own (see <see cref="ReadForm"/>). False (a
    /// miss counted, or no lookup) means: rent, encode and send the command with
    /// <paramref name="lookup"/>, so it is not looked up again, the cache's admission is not asked twice,
    /// and an admitted reply is stored under the lookup key built here.
    /// </summary>
    private protected bool TryReadCached<T>(CommandSpec spec, RedisKey key, ReplyParser<T> parser, out T value, out CacheLookup lookup)
    {
        if (!LooksUp<T>(spec, out var cache, out var lookupKey))
        {
            value = default!;
            lookup = CacheLookup.None;
            return false;
        }

        WriteReadForm(lookupKey, spec, key);
        return TryGetLookedUp(cache, lookupKey, parser, out value, out lookup);
    }

    /// <summary>
    /// <see cref="TryReadCached{T}(CommandSpec, RedisKey, ReplyParser{T}, out T, out CacheLookup)"/> for a
    /// read with arguments after its key (HGET, SISMEMBER, ZSCORE, …).
    /// </summary>
    private protected bool TryReadCached<T>(CommandSpec spec, in RedisKey key, scoped ReadOnlySpan<RedisValue> arguments, ReplyParser<T> parser, out T value, out CacheLookup lookup)
    {
        if (!LooksUp<T>(spec, out var cache, out var lookupKey))
        {
            value = default!;
            lookup = CacheLookup.None;
            return false;
        }

        WriteReadForm(lookupKey, spec, key);
        foreach (var argument in arguments)
        {
            RespWriter.WriteBulkString(lookupKey, argument);
        }

        return TryGetLookedUp(cache, lookupKey, parser, out value, out lookup);
    }

    /// <summary>Writes <see cref="ReadForm"/>, the command's place and the key after the lookup key's prefix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteReadForm(ArrayBufferWriter<byte> lookupKey, CommandSpec spec, in RedisKey key)
    {
        Span<byte> room;
        int head;
        int length;
        switch (key.RawObject)
        {
            case string text:
                if (text.Length <= RespWriter.ShortAsciiLength)
                {
                    // A short ASCII key (the common case) is as many bytes as characters: its length's
                    // varint is known before it is copied.
                    room = lookupKey.GetSpan(2 + MaxVarintLength + text.Length);
                    head = 2 + VarintLength(text.Length);
                    if (RespWriter.TryWriteShortAscii(text, room[head..], out length))
                    {
                        break;
                    }
                }

                // Longer, or not ASCII: measured first, then transcoded as the command's encoder does (a
                // lone surrogate as U+FFFD). A key too long to cache is written all the same: TryGetLookedUp skips it.
                length = Encoding.UTF8.GetByteCount(text);
                room = lookupKey.GetSpan(2 + MaxVarintLength + length);
                head = 2 + VarintLength(length);
                Encoding.UTF8.GetBytes(text, room[head..]);
                break;
            case byte[] bytes:
                length = bytes.Length;
                room = lookupKey.GetSpan(2 + MaxVarintLength + length);
                head = 2 + VarintLength(length);
                bytes.CopyTo(room[head..]);
                break;
            default:
                throw new ArgumentException("A null key cannot be sent to Redis.", nameof(key));
        }

        room[0] = ReadForm;
        room[1] = checked((byte)spec.CacheIndex);
        WriteVarint(room[2..], length);
        lookupKey.Advance(head + length);
    }

    /// <summary>How many bytes <see cref="WriteVarint"/> takes for <paramref name="value"/> (not negative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VarintLength(int value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;

    /// <summary>Writes <paramref name="value"/> (not negative) seven bits a byte, lowest first, the high bit set on all but the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteVarint(Span<byte> destination, int value)
    {
        var rest = (uint)value;
        var i = 0;
        while (rest >= 0x80)
        {
            destination[i++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        destination[i] = (byte)rest;
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
        var length = VarintLength(space.Length);
        WriteVarint(lookupKey.GetSpan(length), space.Length);
        lookupKey.Advance(length);
        lookupKey.Write(space);
        return lookupKey;
    }

    /// <summary>
    /// Answers a cached read from the cache, or sends it holding a place for its reply. The lookup key is
    /// the length and bytes of a key-prefix view's prefix, then the encoded command (or, for a read
    /// TryReadCached looked up, its <see cref="ReadForm"/>), so that views of different prefixes never
    /// share entries (a client's other databases have caches of their own).
    /// </summary>
    private ValueTask<T> SendCached<T>(ClientCache cache, PendingCommand<T> command, CancellationToken cancellationToken, CacheLookup lookup)
    {
        var frame = command.Encoded;
        var space = Prefixer is { } prefixer ? prefixer.Key : [];
        if (lookup == CacheLookup.Skipped || !CachedValues<T>.IsSupported)
        {
            return SendToSink(command, cancellationToken);
        }

        ReadOnlySpan<byte> lookupKey;
        if (lookup == CacheLookup.Admitted && t_lookupKey is { } looked)
        {
            // Built by TryReadCached just before the command was rented, on this thread, in the same call;
            // nothing has used this thread's buffer since. The reply is stored under the key it looked up
            // (no longer than MaxLookupKeyLength, or it would have been skipped).
            lookupKey = looked.WrittenSpan;
        }
        else
        {
            if (VarintLength(space.Length) + space.Length + frame.Length > MaxLookupKeyLength)
            {
                return SendToSink(command, cancellationToken);
            }

            var lookupWriter = BeginLookupKey(space);
            lookupWriter.Write(frame);
            lookupKey = lookupWriter.WrittenSpan;
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
