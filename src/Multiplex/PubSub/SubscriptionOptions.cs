namespace Multiplex;

/// <summary>How one subscription buffers messages for its consumer.</summary>
public sealed record SubscriptionOptions
{
    /// <summary>The default options.</summary>
    public static SubscriptionOptions Default { get; } = new();

    /// <summary>
    /// Messages buffered for a consumer that has not read them yet. Default 10,000. The connection's
    /// reader never waits for a consumer: beyond this, messages are dropped by <see cref="FullMode"/>
    /// and counted in <see cref="RedisSubscription.DroppedCount"/>.
    /// </summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Which message to drop when the buffer is full. Default <see cref="SubscriptionFullMode.DropOldest"/>.</summary>
    public SubscriptionFullMode FullMode { get; init; } = SubscriptionFullMode.DropOldest;

    /// <summary>Throws <see cref="ArgumentException"/> for a capacity below 1 or an unknown mode.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        if (!Enum.IsDefined(FullMode))
        {
            throw new ArgumentException($"Unknown full mode {FullMode}.", nameof(FullMode));
        }
    }
}
