namespace Multiplex;

/// <summary>Which of a client's connections an event is about.</summary>
public enum ConnectionKind
{
    /// <summary>A shared multiplexed connection (under RESP3 it carries subscriptions too).</summary>
    Shared,

    /// <summary>The RESP2 connection a node's subscriptions ride on.</summary>
    Subscriber,

    /// <summary>A dedicated connection leased for blocking commands, WATCH, sessions or MONITOR.</summary>
    Dedicated,

    /// <summary>A connection to a Sentinel (asking for, and listening to, the primary of a service).</summary>
    Sentinel,
}
