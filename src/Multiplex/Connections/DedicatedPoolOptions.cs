namespace Multiplex;

/// <summary>
/// The bounded pool of dedicated connections per node, leased for blocking commands (BLPOP and the
/// like), WATCH transactions, MONITOR and dedicated sessions (<see cref="RedisClient.LeaseDedicatedSessionAsync"/>)
/// so they never stall the shared, multiplexed connection.
/// </summary>
public sealed record DedicatedPoolOptions
{
    /// <summary>The default pool settings.</summary>
    public static DedicatedPoolOptions Default { get; } = new();

    /// <summary>Most dedicated connections open at once per node. Default 32.</summary>
    public int MaxSize { get; init; } = 32;

    /// <summary>
    /// How long a lease waits for a free connection when all <see cref="MaxSize"/> are in use, before
    /// it fails with a <see cref="RedisConnectionException"/>. Default 5 s.
    /// </summary>
    public TimeSpan LeaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An idle dedicated connection is closed after this long unused. Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws <see cref="ArgumentException"/> for a size below 1 or a non-positive duration.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSize, 1, nameof(MaxSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LeaseTimeout, TimeSpan.Zero, nameof(LeaseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero, nameof(IdleTimeout));
    }
}
