namespace Multiplex;

/// <summary>The three kinds of Redis subscriptions.</summary>
public enum SubscriptionKind
{
    /// <summary>Channels (<c>SUBSCRIBE</c>).</summary>
    Channel,

    /// <summary>Glob-style patterns (<c>PSUBSCRIBE</c>).</summary>
    Pattern,

    /// <summary>Shard channels (<c>SSUBSCRIBE</c>, Redis 7.0+), routed by slot in a cluster.</summary>
    Shard,
}
