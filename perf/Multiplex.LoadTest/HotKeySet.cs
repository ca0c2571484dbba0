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

    public RedisKey Pick(Random random) =>
        random.Next(100) < hotPercent ? Hot[random.Next(Hot.Length)] : _cold[random.Next(_cold.Length)];
}
