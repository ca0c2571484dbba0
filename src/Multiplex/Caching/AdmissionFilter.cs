using System.Numerics;

namespace Multiplex.Caching;

/// <summary>
/// The cache's doorkeeper once it is full (TinyLFU's): a read whose command was not seen since the last
/// reset is not stored, only remembered, so a one-off read does not evict an entry that is read again
/// and again; its second read within the window is stored. A Bloom filter of two bits per command,
/// cleared after as many new commands as the cache holds entries, so it forgets what is not read again.
/// </summary>
/// <remarks>
/// Thread-safe without a lock: a bit lost to a race, a false positive or a reset only lets one read more
/// or one less into the cache; what the cache serves is decided elsewhere.
/// </remarks>
internal sealed class AdmissionFilter
{
    // Bits per remembered command (about 2% false positives with two bits each at the reset point).
    private const int BitsPerEntry = 16;

    // At most 1 MiB of bits, whatever the entry bound.
    private const int MaxWords = 1 << 17;

    private readonly ulong[] _words;
    private readonly int _wordMask;
    private readonly int _resetAfter;
    private int _added;

    public AdmissionFilter(int maxEntries)
    {
        var words = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Min((long)maxEntries * BitsPerEntry / 64, MaxWords)), 16, MaxWords);
        _words = new ulong[words];
        _wordMask = words - 1;
        _resetAfter = Math.Max(1, Math.Min(maxEntries, words * 64 / BitsPerEntry));
    }

    /// <summary>Whether <paramref name="lookupKey"/> was seen since the last reset; remembers it when it was not.</summary>
    public bool SeenBefore(ReadOnlySpan<byte> lookupKey)
    {
        var hash = (uint)ByteArrayComparer.Instance.GetHashCode(lookupKey);

        // Two bits from one hash: its low bits pick the first word, the rotated hash the second.
        var second = BitOperations.RotateLeft(hash, 16) * 0x9E3779B1u;
        var firstWord = (int)(hash >> 6) & _wordMask;
        var secondWord = (int)(second >> 6) & _wordMask;
        var firstBit = 1UL << (int)(hash & 63);
        var secondBit = 1UL << (int)(second & 63);
        var firstSet = (Volatile.Read(ref _words[firstWord]) & firstBit) != 0;
        var secondSet = (Volatile.Read(ref _words[secondWord]) & secondBit) != 0;
        if (firstSet && secondSet)
        {
            return true;
        }

        if (Interlocked.Increment(ref _added) >= _resetAfter)
        {
            Array.Clear(_words);
            Volatile.Write(ref _added, 0);
        }

        Interlocked.Or(ref _words[firstWord], firstBit);
        Interlocked.Or(ref _words[secondWord], secondBit);
        return false;
    }

    /// <summary>Forgets everything (the cache was flushed).</summary>
    public void Clear()
    {
        Array.Clear(_words);
        Volatile.Write(ref _added, 0);
    }
}
