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
/// </remarks>
internal sealed class CacheTable
{
    private const int InitialBuckets = 16;

    private Node?[] _buckets = new Node?[InitialBuckets];
    private int _count;

    /// <summary>The entries in the table (read under the cache's lock).</summary>
    public int Count => _count;

    /// <summary>The buckets now (for tests): between the count and eight times it, or 16.</summary>
    internal int BucketCount => _buckets.Length;

    /// <summary>The entry for <paramref name="key"/>; lock-free.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out CacheEntry entry) =>
        TryGetValue(key, ByteArrayComparer.Hash(key), out entry);

    /// <summary>The entry for <paramref name="key"/>, whose <see cref="ByteArrayComparer.Hash"/> the caller has; lock-free.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, int hash, [MaybeNullWhen(false)] out CacheEntry entry)
    {
        var buckets = Volatile.Read(ref _buckets);
        for (var node = Volatile.Read(ref buckets[hash & (buckets.Length - 1)]); node is not null; node = Volatile.Read(ref node.Next))
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
        if (_count >= _buckets.Length)
        {
            Resize(_buckets.Length * 2);
        }

        ref var head = ref _buckets[hash & (_buckets.Length - 1)];
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

        if (_buckets.Length > InitialBuckets && _count < _buckets.Length / 8)
        {
            // Mostly empty after a burst of fills that were evicted or invalidated since.
            Resize(_buckets.Length / 2);
        }

        return true;
    }

    /// <summary>Empties the table; under the cache's lock.</summary>
    public void Clear()
    {
        Volatile.Write(ref _buckets, new Node?[InitialBuckets]);
        _count = 0;
    }

    /// <summary>Unlinks the node of <paramref name="key"/> (only if it holds <paramref name="only"/>, when given).</summary>
    private bool Unlink(byte[] key, int hash, CacheEntry? only)
    {
        ref var link = ref _buckets[hash & (_buckets.Length - 1)];
        for (var node = link; node is not null; node = node.Next)
        {
            if (node.Hash == hash && key.AsSpan().SequenceEqual(node.Key))
            {
                if (only is not null && !ReferenceEquals(node.Entry, only))
                {
                    return false;
                }

                Volatile.Write(ref link, node.Next);
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
        var buckets = new Node?[length];
        var mask = buckets.Length - 1;
        foreach (var first in old)
        {
            for (var node = first; node is not null; node = node.Next)
            {
                ref var head = ref buckets[node.Hash & mask];
                head = new Node(node.Key, node.Hash, node.Entry, head);
            }
        }

        Volatile.Write(ref _buckets, buckets);
    }

    private sealed class Node(byte[] key, int hash, CacheEntry entry, Node? next)
    {
        public readonly byte[] Key = key;
        public readonly int Hash = hash;
        public readonly CacheEntry Entry = entry;
        public Node? Next = next;
    }
}
