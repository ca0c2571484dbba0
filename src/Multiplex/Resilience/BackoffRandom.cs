namespace Multiplex.Resilience;

/// <summary>
/// The random source of a jittered backoff: <see cref="Random.Shared"/> (thread-safe), or an instance a
/// test supplies (seeded), used under a lock because <see cref="Random"/> is not thread-safe.
/// </summary>
internal sealed class BackoffRandom(Random? random)
{
    private readonly Random _random = random ?? Random.Shared;
    private readonly Lock? _lock = random is null ? null : new Lock();

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble()
    {
        if (_lock is null)
        {
            return _random.NextDouble();
        }

        lock (_lock)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>A number of ticks uniformly in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public double Between(double low, double high) => low + ((high - low) * NextDouble());
}
