namespace Multiplex;

/// <summary>
/// TCP keepalive on every connection (shared and dedicated): after <see cref="Idle"/> without traffic the
/// operating system probes the peer every <see cref="Interval"/>, and after <see cref="Probes"/>
/// unanswered probes it reports the connection dead. It is what tells a dedicated connection blocked in
/// <c>BLPOP key 0</c> that a half-open socket (a server gone without closing it) is dead; the heartbeat
/// PING does that for the shared connections. Unix sockets have no keepalive.
/// </summary>
public sealed record KeepAliveOptions
{
    /// <summary>The default settings: probes after 30 s idle, every 5 s, 3 of them (a dead peer is found within about 45 s).</summary>
    public static KeepAliveOptions Default { get; } = new();

    /// <summary>No keepalive: a half-open connection is found only when something is written to it.</summary>
    public static KeepAliveOptions Disabled { get; } = new() { Idle = TimeSpan.Zero };

    /// <summary>Idle time before the first probe, whole seconds; <see cref="TimeSpan.Zero"/> turns keepalive off. Default 30 s.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time between probes, whole seconds. Default 5 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unanswered probes before the connection is reported dead. Default 3.</summary>
    public int Probes { get; init; } = 3;

    /// <summary>Whether keepalive is on (<see cref="Idle"/> is not zero).</summary>
    public bool Enabled => Idle != TimeSpan.Zero;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (Idle < TimeSpan.Zero || Idle.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"KeepAlive.Idle is {Idle}; it must be zero (off) or a whole number of seconds.", nameof(Idle));
        }

        if (Enabled && (Interval < TimeSpan.FromSeconds(1) || Interval.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            throw new ArgumentException($"KeepAlive.Interval is {Interval}; it must be a whole number of seconds, at least 1.", nameof(Interval));
        }

        if (Enabled && Probes < 1)
        {
            throw new ArgumentException($"KeepAlive.Probes is {Probes}; it must be 1 or more.", nameof(Probes));
        }
    }
}
