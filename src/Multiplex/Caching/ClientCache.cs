using System.Collections.Frozen;
using System.Runtime.InteropServices;
using Multiplex.Caching;
using Multiplex.Commands;

namespace Multiplex;

/// <summary>
/// The client-side cache of a <see cref="RedisClient"/> (<see cref="RedisClient.ClientCache"/>): its
/// counters, and <see cref="Clear"/>. Made when <see cref="RedisClientOptions.ClientCache"/> is set.
/// </summary>
/// <remarks>
/// A hit is answered from memory without a lock and without allocating; fills, invalidations and
/// evictions take one lock. A read in flight when its key is invalidated is not stored (its place is
/// dropped with the key), and the whole cache is dropped when a tracking connection is lost, on a
/// FLUSHALL/FLUSHDB invalidation and when the server turns out not to support tracking (the cache then
/// stays off: <see cref="IsEnabled"/>).
/// </remarks>
public sealed class ClientCache
{
    // Counted against MaxBytes for each entry besides its command, keys and value: the entry object,
    // its table slots and arrays.
    private const int EntryOverhead = 160;

    // The admission threshold (misses since the filter's last reset before a read is stored once the
    // cache is full) moves between these, by how many of the evicted entries were ever hit: looked at
    // after each YieldWindow evictions, raised by one when fewer than a quarter were, lowered by one when
    // half or more were. A fill costs a few microseconds (the held place, CLIENT CACHING YES, the
    // eviction it causes); an entry never hit repays none of it. A threshold so high that a whole
    // window of the filter's new commands stored nothing (no eviction) although most of its misses
    // were of commands read again is lowered by one too: without fills there are no evictions to judge
    // it by.
    private const int MinAdmissionThreshold = 2;
    private const int MaxAdmissionThreshold = 8;
    private const int YieldWindow = 64;

    private readonly Lock _lock = new();
    private readonly CacheTable _table = new();
    // What read each key: one CacheEntry (nearly always), or a List<CacheEntry> when several did.
    private readonly Dictionary<byte[], object> _byKey = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], object>.AlternateLookup<ReadOnlySpan<byte>> _byKeyLookup;

    // Indexed by CommandSpec.CacheIndex: whether this cache stores that supported command's replies.
    private readonly bool[] _commands;
    private readonly LookupCounters _counters = new();
    private readonly AdmissionFilter _admission;
    private readonly byte[][] _keyPrefixes;
    private readonly long _timeToLiveMilliseconds;
    private CacheEntry? _hand;
    private int _admissionThreshold = MinAdmissionThreshold;
    private int _evictedInWindow;
    private int _evictedHitInWindow;
    private long _evictionsAtAdmissionReset;
    private long _evictions;
    private long _invalidations;
    private int _count;
    private long _bytes;
    private volatile bool _disabled;
    private int _suspended;

    internal ClientCache(ClientCacheOptions options)
    {
        Options = options;
        _admission = new AdmissionFilter(options.MaxEntries);
        _byKeyLookup = _byKey.GetAlternateLookup<ReadOnlySpan<byte>>();
        var commands = (options.Commands ?? ClientCacheOptions.SupportedCommands).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _commands = [.. ClientCacheOptions.SupportedCommands.Select(commands.Contains)];
        _keyPrefixes = options.KeyPrefixes is { } prefixes ? [.. prefixes.Select(prefix => (byte[])prefix!)] : [];
        _timeToLiveMilliseconds = options.TimeToLive is { } ttl ? (long)ttl.TotalMilliseconds : long.MaxValue;
    }

    /// <summary>The options the cache was made with.</summary>
    public ClientCacheOptions Options { get; }

    /// <summary>
    /// Whether the cache answers reads: true unless the server refused <c>CLIENT TRACKING</c> (a server
    /// without it, such as one that does not implement client-side caching), after which reads always go
    /// to the server, or the client was disposed (the cache is then empty, and reads fail as every
    /// command of a disposed client does).
    /// </summary>
    public bool IsEnabled => !_disabled;

    /// <summary>Reads answered from the cache.</summary>
    public long Hits => _counters.Hits;

    /// <summary>Reads of a cached command that went to the server (nothing was cached for them, or it had expired).</summary>
    public long Misses => _counters.Misses;

    /// <summary>Entries dropped to stay within <see cref="ClientCacheOptions.MaxEntries"/> and <see cref="ClientCacheOptions.MaxBytes"/>.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>
    /// Entries (and reads in flight) dropped because their key changed: an invalidation from the server,
    /// a write through this client, a flush, or a lost tracking connection.
    /// </summary>
    public long Invalidations => Interlocked.Read(ref _invalidations);

    /// <summary>The entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The bytes held now, as counted against <see cref="ClientCacheOptions.MaxBytes"/>.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Drops every entry; reads in flight are not stored.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            ClearLocked();
        }
    }

    /// <summary>
    /// Whether the server tracks only the reads that fill the cache (<c>OPTIN</c>: each is sent after
    /// <c>CLIENT CACHING YES</c>), rather than every key under the configured prefixes (<c>BCAST</c>,
    /// when <see cref="ClientCacheOptions.KeyPrefixes"/> are given). A read the cache does not store
    /// (not admitted, too large, not cacheable) then costs the server no tracking and brings no
    /// invalidation later.
    /// </summary>
    internal bool OptIn => _keyPrefixes.Length == 0;

    /// <summary>The <c>CLIENT TRACKING</c> command the shared connections send in their handshake.</summary>
    internal string[] TrackingCommand => OptIn
        ? ["CLIENT", "TRACKING", "ON", "OPTIN"]
        : [.. new[] { "CLIENT", "TRACKING", "ON", "BCAST" }.Concat(Options.KeyPrefixes!.SelectMany(prefix => new[] { "PREFIX", (string)prefix! }))];

    /// <summary>Whether replies of <paramref name="command"/> may be cached.</summary>
    internal bool Caches(CommandSpec command) =>
        command.CacheIndex >= 0 && _commands[command.CacheIndex] && !_disabled && command.IsReadOnly && command.Route == Topology.RouteKind.Keys;

    /// <summary>Whether a read of <paramref name="keys"/> may be cached: it has keys, each under a configured prefix when there are any.</summary>
    internal bool CachesKeys(byte[][] keys)
    {
        if (keys.Length == 0)
        {
            return false;
        }

        foreach (var key in keys)
        {
            if (!CachesKey(key))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a read of <paramref name="key"/> may be cached (it is under a configured prefix, when there are any).</summary>
    internal bool CachesKey(ReadOnlySpan<byte> key)
    {
        if (_keyPrefixes.Length == 0)
        {
            return true;
        }

        foreach (var prefix in _keyPrefixes)
        {
            if (key.StartsWith(prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The hit path: the stored reply for <paramref name="lookupKey"/> (whose
    /// <see cref="ByteArrayComparer.Hash"/> is <paramref name="hash"/>, which a miss hands on to
    /// <see cref="Admits"/>) read by <paramref name="parser"/>, if any.
    /// </summary>
    internal bool TryGet<T>(ReadOnlySpan<byte> lookupKey, int hash, ReplyParser<T> parser, out T value)
    {
        if (_table.TryGetValue(lookupKey, hash, out var entry)
            && entry is CacheEntry<T> typed
            && typed.IsStored
            && ReferenceEquals(typed.Parser, parser)
            && (typed.ExpiresAt == long.MaxValue || Environment.TickCount64 < typed.ExpiresAt))
        {
            if (!typed.Referenced)
            {
                // Written only when it changes: a hot entry's line is then read, not bounced, by every core.
                typed.Referenced = true;
            }

            _counters.Hit();
            value = CachedValues<T>.Out(typed.Value);
            return true;
        }

        _counters.Miss();
        value = default!;
        return false;
    }

    /// <summary>
    /// Whether a read that missed may be stored: always while the cache has room; once it is full, only
    /// when the same command missed often enough lately (<see cref="AdmissionThreshold"/> times since the
    /// <see cref="AdmissionFilter"/>'s last reset), so reads of keys that are not read again cost no fill
    /// and evict nothing.
    /// </summary>
    /// <param name="lookupHash">The lookup key's <see cref="ByteArrayComparer.Hash"/>.</param>
    internal bool Admits(int lookupHash) =>
        (Volatile.Read(ref _count) < Options.MaxEntries && Interlocked.Read(ref _bytes) < Options.MaxBytes - (Options.MaxBytes >> 4))
        || AdmitsWhenFull(lookupHash);

    private bool AdmitsWhenFull(int lookupHash)
    {
        var misses = _admission.Record(lookupHash, out var windowEnded);
        if (windowEnded)
        {
            OnAdmissionWindowEnded();
        }

        return misses >= Volatile.Read(ref _admissionThreshold);
    }

    /// <summary>
    /// Called by the miss that ended a window of the admission filter's new commands: a window in which nothing was evicted
    /// stored nothing although the cache was full; when most of its misses were of commands read again
    /// (a working set read fewer times than the threshold), the threshold comes down by one. Misses of
    /// commands seldom read again leave it where it is: storing them would only churn.
    /// </summary>
    private void OnAdmissionWindowEnded()
    {
        lock (_lock)
        {
            if (_evictions == _evictionsAtAdmissionReset && _admissionThreshold > MinAdmissionThreshold && _admission.LastWindowWasMostlyRepeats)
            {
                Volatile.Write(ref _admissionThreshold, _admissionThreshold - 1);
            }

            _evictionsAtAdmissionReset = _evictions;
        }
    }

    /// <summary>
    /// How many misses of a command since the admission filter's last reset get its reply stored once the
    /// cache is full: 2 to start with, up to 8 while evicted entries were seldom hit (the cache churns
    /// through reads that are not read again), back down as they are hit, or when a window of misses
    /// that were mostly of commands read again stored nothing.
    /// </summary>
    internal int AdmissionThreshold => Volatile.Read(ref _admissionThreshold);

    /// <summary>
    /// Holds the place of a read about to be sent, so that an invalidation of one of its keys before its
    /// reply is stored drops it; null when the reply is not to be stored (another read of the same command
    /// is in flight, or the cache is off).
    /// </summary>
    internal CacheEntry<T>? BeginFill<T>(ReadOnlySpan<byte> lookupKey, byte[][] keys, ReplyParser<T> parser)
    {
        lock (_lock)
        {
            if (_disabled || _suspended > 0)
            {
                return null;
            }

            if (_table.TryGetValue(lookupKey, out var existing))
            {
                if (!existing.IsStored || Environment.TickCount64 < existing.ExpiresAt)
                {
                    return null;
                }

                RemoveLocked(existing);
            }

            var entry = new CacheEntry<T>(lookupKey.ToArray(), keys, parser);
            _table.Set(entry);
            foreach (var key in keys)
            {
                ref var readers = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey, key, out _);
                switch (readers)
                {
                    case null:
                        readers = entry;
                        break;
                    case List<CacheEntry> list:
                        list.Add(entry);
                        break;
                    default:
                        readers = new List<CacheEntry> { (CacheEntry)readers, entry };
                        break;
                }
            }

            return entry;
        }
    }

    /// <summary>
    /// Stores the reply of a read that <see cref="BeginFill"/> held a place for, unless the place was
    /// dropped since (its key was invalidated, or the cache flushed); evicts to stay within the bounds.
    /// </summary>
    internal void Complete<T>(CacheEntry<T> entry, T value)
    {
        var size = EntryOverhead + entry.LookupKey.Length + CachedValues<T>.SizeOf(value);
        foreach (var key in entry.Keys)
        {
            size += key.Length;
        }

        lock (_lock)
        {
            if (entry.IsStored || !_table.TryGetValue(entry.LookupKey, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            if (_disabled || size > Options.MaxBytes)
            {
                RemoveLocked(entry);
                return;
            }

            entry.Value = value;
            entry.Size = size;
            if (_timeToLiveMilliseconds != long.MaxValue)
            {
                entry.ExpiresAt = Environment.TickCount64 + _timeToLiveMilliseconds;
            }

            // Room first, so that the counts readers see without the lock never exceed the bounds.
            while (_hand is not null && (_count + 1 > Options.MaxEntries || _bytes + size > Options.MaxBytes))
            {
                EvictOneLocked();
            }

            LinkLocked(entry);
            _count++;
            _bytes += size;
            entry.MarkStored();
        }
    }

    /// <summary>Lets go of a place held for a read that ended without storing (failed, cancelled, dropped).</summary>
    internal void Abandon(CacheEntry entry)
    {
        if (entry.IsStored)
        {
            return;
        }

        lock (_lock)
        {
            if (!entry.IsStored)
            {
                RemoveLocked(entry);
            }
        }
    }

    /// <summary>Drops what read <paramref name="key"/> (an invalidation, or a write through this client).</summary>
    internal void Invalidate(ReadOnlySpan<byte> key)
    {
        lock (_lock)
        {
            if (!_byKeyLookup.TryGetValue(key, out var readers))
            {
                return;
            }

            if (readers is List<CacheEntry> list)
            {
                foreach (var entry in list.ToArray())
                {
                    if (RemoveLocked(entry))
                    {
                        _invalidations++;
                    }
                }
            }
            else if (RemoveLocked((CacheEntry)readers))
            {
                _invalidations++;
            }
        }
    }

    /// <summary>Drops everything because the server's word on it can no longer be trusted or it all changed.</summary>
    internal void InvalidateAll()
    {
        lock (_lock)
        {
            _invalidations += _table.Count;
            ClearLocked();
        }
    }

    /// <summary>Stops storing (an invalidation connection is down, so invalidations may be lost) until <see cref="Resume"/>.</summary>
    internal void Suspend()
    {
        lock (_lock)
        {
            _suspended++;
            ClearLocked();
        }
    }

    /// <summary>Ends one <see cref="Suspend"/>.</summary>
    internal void Resume()
    {
        lock (_lock)
        {
            _suspended--;
        }
    }

    /// <summary>Turns the cache off for good and empties it: the server refused tracking, or the client was disposed.</summary>
    internal void Disable()
    {
        lock (_lock)
        {
            _disabled = true;
            ClearLocked();
        }
    }

    private void ClearLocked()
    {
        _table.Clear();
        _byKey.Clear();
        _hand = null;
        _count = 0;
        _bytes = 0;
    }

    /// <summary>Removes an entry from the table, its keys' lists and the ring; false when it was not in the table.</summary>
    private bool RemoveLocked(CacheEntry entry)
    {
        if (!_table.Remove(entry))
        {
            return false;
        }

        foreach (var key in entry.Keys)
        {
            if (!_byKey.TryGetValue(key, out var readers))
            {
                continue;
            }

            if (readers is List<CacheEntry> list)
            {
                list.Remove(entry);
                if (list.Count == 1)
                {
                    _byKey[key] = list[0];
                }
            }
            else if (ReferenceEquals(readers, entry))
            {
                _byKey.Remove(key);
            }
        }

        if (entry.IsStored)
        {
            UnlinkLocked(entry);
            _count--;
            _bytes -= entry.Size;
        }

        return true;
    }

    /// <summary>CLOCK: the hand gives a referenced entry a second chance and evicts the first one that is not.</summary>
    private void EvictOneLocked()
    {
        while (_hand is { } candidate)
        {
            _hand = candidate.Next;
            if (candidate.Referenced)
            {
                candidate.Referenced = false;
                candidate.WasHit = true;
                continue;
            }

            RemoveLocked(candidate);
            _evictions++;
            CountEvictedLocked(candidate.WasHit);
            return;
        }
    }

    /// <summary>Moves the admission threshold by how many of the last <see cref="YieldWindow"/> evicted entries were ever hit.</summary>
    private void CountEvictedLocked(bool wasHit)
    {
        _evictedHitInWindow += wasHit ? 1 : 0;
        if (++_evictedInWindow < YieldWindow)
        {
            return;
        }

        var threshold = _admissionThreshold;
        if (_evictedHitInWindow < YieldWindow / 4)
        {
            threshold = Math.Min(threshold + 1, MaxAdmissionThreshold);
        }
        else if (_evictedHitInWindow >= YieldWindow / 2)
        {
            threshold = Math.Max(threshold - 1, MinAdmissionThreshold);
        }

        Volatile.Write(ref _admissionThreshold, threshold);
        _evictedInWindow = _evictedHitInWindow = 0;
    }

    /// <summary>Puts a new entry just behind the hand: the last the hand reaches.</summary>
    private void LinkLocked(CacheEntry entry)
    {
        if (_hand is null)
        {
            entry.Next = entry.Previous = entry;
            _hand = entry;
            return;
        }

        entry.Next = _hand;
        entry.Previous = _hand.Previous;
        _hand.Previous!.Next = entry;
        _hand.Previous = entry;
    }

    private void UnlinkLocked(CacheEntry entry)
    {
        if (entry.Next == entry)
        {
            _hand = null;
        }
        else if (entry.Next is { } next && entry.Previous is { } previous)
        {
            previous.Next = next;
            next.Previous = previous;
            if (_hand == entry)
            {
                _hand = next;
            }
        }

        entry.Next = entry.Previous = null;
    }
}
