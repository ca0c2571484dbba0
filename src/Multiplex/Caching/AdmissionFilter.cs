using System.Numerics;

namespace Multiplex.Caching;

/// <summary>
/// The cache's doorkeeper once it is full (TinyLFU's): how often each command missed since the last
/// reset, so that a read is stored only once it missed <see cref="ClientCache"/>'s admission threshold
/// of times (two to start with), and a one-off read does not evict an entry that is read again and
/// again. Two byte counts per command, the smaller one read (a count-min sketch of depth two), cleared
/// after as many new commands as the cache holds entries, so it forgets what is not read again.
/// </summary>
/// <remarks>
/// Thread-safe without a lock: a count lost to a race, a collision or a reset only lets one read more
/// or one less into the cache; what the cache serves is decided elsewhere.
/// </remarks>
internal sealed class AdmissionFilter
{
    // Counts per entry the cache holds: a window's new commands make a count of two by collision alone
    // in well under 1% of commands.
    private const int CountsPerEntry = 4;

    // At least 1 KiB of counts, at most 1 MiB, whatever the entry bound.
    private const int MinCounts = 1 << 10;
    private const int MaxCounts = 1 << 20;

    private readonly byte[] _counts;
    private readonly int _mask;
    private readonly int _resetAfter;
    private int _added;
    private int _recorded;
    private int _recordedInLastWindow;

    public AdmissionFilter(int maxEntries)
    {
        var counts = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Min((long)maxEntries * CountsPerEntry, MaxCounts)), MinCounts, MaxCounts);
        _counts = new byte[counts];
        _mask = counts - 1;
        _resetAfter = Math.Max(1, Math.Min(maxEntries, counts / CountsPerEntry));
    }

    /// <summary>
    /// Whether most misses in the last window were of commands that had already missed in it (at least
    /// as many repeats as new commands): reads that are read again, whatever the threshold made of them.
    /// </summary>
    public bool LastWindowWasMostlyRepeats => Volatile.Read(ref _recordedInLastWindow) >= 2 * _resetAfter;

    /// <summary>
    /// Counts one more miss of the lookup key whose <see cref="ByteArrayComparer.Hash"/> is
    /// <paramref name="lookupHash"/> (the hash the cache's table looked it up by); returns how often it
    /// missed since the last reset, this one included.
    /// </summary>
    /// <param name="lookupHash">The lookup key's hash.</param>
    /// <param name="windowEnded">
    /// Whether this miss ended a window of new commands (the counts were cleared): then
    /// <see cref="LastWindowWasMostlyRepeats"/> describes that window.
    /// </param>
    public int Record(int lookupHash, out bool windowEnded)
    {
        var hash = (uint)lookupHash;
        windowEnded = false;

        // Two counts from one hash: its low bits pick the first, the rotated and remixed hash the second.
        var first = (int)hash & _mask;
        var second = (int)((BitOperations.RotateLeft(hash, 16) * 0x9E3779B1u) >> 8) & _mask;
        var firstCount = _counts[first];
        var secondCount = _counts[second];
        var seen = Math.Min(firstCount, secondCount);

        // Counted without a fence: a count lost to a race only shifts the estimate a little.
        _recorded++;
        if (seen == 0 && Interlocked.Increment(ref _added) >= _resetAfter)
        {
            Array.Clear(_counts);
            Volatile.Write(ref _added, 0);
            Volatile.Write(ref _recordedInLastWindow, _recorded);
            _recorded = 0;
            windowEnded = true;
            firstCount = secondCount = 0;
        }

        if (firstCount < byte.MaxValue)
        {
            _counts[first] = (byte)(firstCount + 1);
        }

        if (secondCount < byte.MaxValue)
        {
            _counts[second] = (byte)(secondCount + 1);
        }

        return Math.Min(firstCount, secondCount) + 1;
    }
}
