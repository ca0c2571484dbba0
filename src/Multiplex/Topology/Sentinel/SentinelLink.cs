namespace Multiplex.Topology.Sentinel;

/// <summary>One sentinel: its endpoint, the small client that asks it and listens to its announcements.</summary>
internal sealed class SentinelLink(RedisEndpoint endpoint)
{
    /// <summary>Where the sentinel listens.</summary>
    public RedisEndpoint Endpoint => endpoint;

    /// <summary>The client talking to it (one connection; its subscription restored after a reconnect); null until made.</summary>
    public RedisClient? Client { get; set; }

    /// <summary>The loop reading its <c>+switch-master</c> announcements.</summary>
    public Task? Watch { get; set; }
}
