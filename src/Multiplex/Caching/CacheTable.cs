using System.Diagnostics.CodeAnalysis;

namespace Multiplex.Caching;

/// <summary>
/// The client cache's table from lookup keys to entries: searched without a lock by the hit path, changed
/// only under the cache's lock. Replaces a <c>ConcurrentDictionary</c> looked up by span, whose search
/// goes through two interface calls on the comparer and whose writers lock buckets the cache's lock
/// already guards.
/// </summary>
/// <remarks>
/// Each bucket is a list of immutable nodes but for their <c>Next</c> link. A writer links a new node in
/// at a bucket's head, unlinks a node by pointing its predecessor past it (the node keeps its own link,
/// so a reader standing on it walks on), and grows or shrinks the table by building a new bucket array of copied
/// nodes and publishing it whole. A reader therefore always walks a consistent list: the one before a
/// change or the one after it, which is what a search racing a change may see in any concurrent table.
/// Each bucket also has a one-byte filter of its nodes' hashes (one of 8 bits per node, from the hash's
/// top bits, which the bucket index does not use), kept in an array of its own, a byte per bucket, so a
/// search for a key that is not there mostly reads that small array and no node and no list head: in a
/// large table those are seldom in the processor's cache, and reading them was a third of what the
/// cache added to a read that missed (perf, 10,000 entries; `CacheTableBenchmarks`: a lookup, 90% of
/// them of absent keys, 37 → 30 ns). A writer sets a node's bit before it links
/// the node in and recomputes the filter after it unlinks one, so a reader that finds a bit clear missed
/// at most a node being linked in as it looked.
/// </remarks>
internal sealed class CacheTable
{
    private const int InitialBuckets = 16;

    private Buckets _buckets = new(InitialBuckets);
    private int _count;

    /// <summary>The entries in the table (read under the cache's lock).</summary>
    public int Count => _count;

    /// <summary>The buckets now (for tests): between the count and eight times it, or 16.</summary>
    internal int BucketCount => _buckets.Heads.Length;

    /// <summary>The entry for <paramref name="key"/>; lock-free.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out CacheEntry entry) =>
        TryGetValue(key, ByteArrayComparer.Hash(key), out entry);

    /// <summary>The entry for <paramref name="key"/>, whose <see cref="ByteArrayComparer.Hash"/> the caller has; lock-free.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, int hash, [MaybeNullWhen(false)] out CacheEntry entry)
    {
        var buckets = Volatile.Read(ref _buckets);
        var index = hash & (buckets.Heads.Length - 1);
        if ((Volatile.Read(ref buckets.Filters[index]) & FilterBit(hash)) == 0)
        {
            entry = null;
            return false;
        }

        for (var node = Volatile.Read(ref buckets.Heads[index]); node is not null; node = Volatile.Read(ref node.Next))
        {
            if (node.Hash == hash && key.SequenceEqual(node.Key))
            {
                entry = node.Entry;
                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>Maps the entry's lookup key to it, replacing what the key mapped to; under the cache's lock.</summary>
    public void Set(CacheEntry entry)
    {
        var key = entry.LookupKey;
        var hash = ByteArrayComparer.Hash(key);
        Unlink(key, hash, null);
        if (_count >= _buckets.Heads.Length)
        {
            Resize(_buckets.Heads.Length * 2);
        }

        var index = hash & (_buckets.Heads.Length - 1);
        ref var filter = ref _buckets.Filters[index];
        Volatile.Write(ref filter, (byte)(filter | FilterBit(hash)));
        ref var head = ref _buckets.Heads[index];
        Volatile.Write(ref head, new Node(key, hash, entry, head));
        _count++;
    }

    /// <summary>Removes the entry if its lookup key maps to it; false when it does not. Under the cache's lock.</summary>
    public bool Remove(CacheEntry entry)
    {
        if (!Unlink(entry.LookupKey, ByteArrayComparer.Hash(entry.LookupKey), entry))
        {
            return false;
        }

        if (_buckets.Heads.Length > InitialBuckets && _count < _buckets.Heads.Length / 8)
        {
            // Mostly empty after a burst of fills that were evicted or invalidated since.
            Resize(_buckets.Heads.Length / 2);
        }

        return true;
    }

    /// <summary>Empties the table; under the cache's lock.</summary>
    public void Clear()
    {
        Volatile.Write(ref _buckets, new Buckets(InitialBuckets));
        _count = 0;
    }

    /// <summary>Unlinks the node of <paramref name="key"/> (only if it holds <paramref name="only"/>, when given).</summary>
    private bool Unlink(byte[] key, int hash, CacheEntry? only)
    {
        var index = hash & (_buckets.Heads.Length - 1);
        ref var link = ref _buckets.Heads[index];
        for (var node = link; node is not null; node = node.Next)
        {
            if (node.Hash == hash && key.AsSpan().SequenceEqual(node.Key))
            {
                if (only is not null && !ReferenceEquals(node.Entry, only))
                {
                    return false;
                }

                Volatile.Write(ref link, node.Next);
                Volatile.Write(ref _buckets.Filters[index], FilterOf(_buckets.Heads[index]));
                _count--;
                return true;
            }

            link = ref node.Next;
        }

        return false;
    }

    /// <summary>Publishes a bucket array of <paramref name="length"/> buckets, of copied nodes: readers on the old one finish on it undisturbed.</summary>
    private void Resize(int length)
    {
        var old = _buckets;
        var buckets = new Buckets(length);
        var mask = length - 1;
        foreach (var first in old.Heads)
        {
            for (var node = first; node is not null; node = node.Next)
            {
                var index = node.Hash & mask;
                buckets.Heads[index] = new Node(node.Key, node.Hash, node.Entry, buckets.Heads[index]);
                buckets.Filters[index] |= FilterBit(node.Hash);
            }
        }

        Volatile.Write(ref _buckets, buckets);
    }

    /// <summary>A hash's bit in its bucket's filter: from its top three bits (a table of 2^29 buckets would use them to index).</summary>
    private static byte FilterBit(int hash) => (byte)(1 << (int)((uint)hash >> 29));

    private static byte FilterOf(Node? first)
    {
        byte filter = 0;
        for (var node = first; node is not null; node = node.Next)
        {
            filter |= FilterBit(node.Hash);
        }

        return filter;
    }

    /// <summary>One bucket array and its filters, published together.</summary>
    private sealed class Buckets(int length)
    {
        public readonly Node?[] Heads = new Node?[length];

        // Per bucket, the OR of FilterBit of every node in its list (a node being linked in has its bit set first).
        public readonly byte[] Filters = new byte[length];
    }

    private sealed class Node(byte[] key, int hash, CacheEntry entry, Node? next)
    {
        public readonly byte[] Key = key;
        public readonly int Hash = hash;
        public readonly CacheEntry Entry = entry;
        public Node? Next = next;
    }
}
