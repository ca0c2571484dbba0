using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// The keys of the hot-key workload: 90% of picks are one of <see cref="HotCount"/> hot keys (written
/// before the run), 10% one of <see cref="ColdCount"/> cold keys (never written: GET answers nil). Made
/// once per run, so picking allocates nothing.
/// </summary>
public sealed class HotKeySet
{
    public const int HotCount = 100;
    public const int ColdCount = 100_000;

    // Percent of reads that go to a hot key.
    private const int HotPercent = 90;

    private readonly RedisKey[] _cold = [.. Enumerable.Range(0, ColdCount).Select(i => (RedisKey)("cold:" + i.ToString(CultureInfo.InvariantCulture)))];

    public RedisKey[] Hot { get; } = [.. Enumerable.Range(0, HotCount).Select(i => (RedisKey)("hot:" + i.ToString(CultureInfo.InvariantCulture)))];

    public RedisKey Pick(Random random) =>
        random.Next(100) < HotPercent ? Hot[random.Next(Hot.Length)] : _cold[random.Next(_cold.Length)];
}
