namespace Multiplex;

/// <summary>
/// How a lost connection is re-established: the delay before each attempt. Attempts continue until
/// the client is disposed; commands meanwhile follow <see cref="RedisClientOptions.WhileDisconnected"/>.
/// </summary>
public sealed record ReconnectOptions
{
    /// <summary>The default settings.</summary>
    public static ReconnectOptions Default { get; } = new();

    /// <summary>Nominal delay before the first reconnect attempt. Default 100 ms.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest delay between attempts. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Growth factor of the delay per attempt (unitless). Default 2.0.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>Relative random spread of each delay: 0.2 means ±20 %. Default 0.2; allowed 0 to 1.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>
    /// A strategy used instead of the exponential backoff described by the other properties.
    /// Default null. It is not expressible in a connection string.
    /// </summary>
    public IBackoffStrategy? Strategy { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (InitialDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"Reconnect.InitialDelay is {InitialDelay}; it must be zero or more.", nameof(InitialDelay));
        }

        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentException($"Reconnect.MaxDelay is {MaxDelay}; it must be at least Reconnect.InitialDelay ({InitialDelay}).", nameof(MaxDelay));
        }

        if (!double.IsFinite(Multiplier) || Multiplier < 1.0)
        {
            throw new ArgumentException($"Reconnect.Multiplier is {Multiplier}; it must be a finite number of at least 1.", nameof(Multiplier));
        }

        if (!double.IsFinite(Jitter) || Jitter < 0.0 || Jitter > 1.0)
        {
            throw new ArgumentException($"Reconnect.Jitter is {Jitter}; it must be between 0 and 1.", nameof(Jitter));
        }
    }

    /// <summary>The strategy to use: <see cref="Strategy"/> when set, otherwise an <see cref="ExponentialBackoff"/>.</summary>
    internal IBackoffStrategy CreateStrategy() =>
        Strategy ?? new ExponentialBackoff(InitialDelay, MaxDelay, Multiplier, Jitter);
}
