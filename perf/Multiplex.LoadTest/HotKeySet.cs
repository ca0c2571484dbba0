using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// The keys of the hot-key workload: 90% of picks (by default) are one of <see cref="HotCount"/> hot keys
/// (written before the run), the rest one of <see cref="ColdCount"/> cold keys (never written: GET answers
/// nil). Made once per run, so picking allocates nothing.
/// </summary>
public sealed class HotKeySet(int hotPercent = HotKeySet.DefaultHotPercent)
{
    public const int DefaultHotPercent = 90;

    public const int HotCount = 100;
    public const int ColdCount = 100_000;

    private readonly RedisKey[] _cold = [.. Enumerable.Range(0, ColdCount).Select(i => (RedisKey)("cold:" + i.ToString(CultureInfo.InvariantCulture)))];

    public RedisKey[] Hot { get; } = [.. Enumerable.Range(0, HotCount).Select(i => (RedisKey)("hot:" + i.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>
    /// Picks a key with the caller's own generator state (xorshift64*, seeded per caller; never 0):
    /// <see cref="Random"/> with a seed runs its older, slower algorithm, whose two calls per pick cost
    /// the hot-key row's cache hits about a tenth of their time.
    /// </summary>
    public RedisKey Pick(ref ulong state)
    {
        var draw = Next(ref state);

        // The high 32 bits choose hot or cold, the low 32 bits which key (multiply-shift onto the range).
        var hot = (int)((draw >> 32) * 100 >> 32) < hotPercent;
        var keys = hot ? Hot : _cold;
        return keys[(int)(((draw & uint.MaxValue) * (ulong)keys.Length) >> 32)];
    }

    /// <summary>A generator state for a caller: distinct per seed, never 0.</summary>
    public static ulong Seed(int seed) => ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) | 1;

    private static ulong Next(ref ulong state)
    {
        var x = state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DUL;
    }
}
