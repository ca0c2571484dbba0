namespace Multiplex.PubSub;

/// <summary>What an out-of-band (push) frame is, from its first element.</summary>
internal enum PushKind
{
    /// <summary>Not a push this client knows; ignored.</summary>
    Unknown,

    /// <summary><c>message channel payload</c>.</summary>
    Message,

    /// <summary><c>pmessage pattern channel payload</c>.</summary>
    PatternMessage,

    /// <summary><c>smessage channel payload</c>.</summary>
    ShardMessage,

    /// <summary><c>subscribe channel count</c>: confirms one channel of a SUBSCRIBE.</summary>
    Subscribe,

    /// <summary><c>psubscribe pattern count</c>.</summary>
    PatternSubscribe,

    /// <summary><c>ssubscribe channel count</c>.</summary>
    ShardSubscribe,

    /// <summary><c>unsubscribe channel count</c> (channel null when nothing was subscribed).</summary>
    Unsubscribe,

    /// <summary><c>punsubscribe pattern count</c>.</summary>
    PatternUnsubscribe,

    /// <summary><c>sunsubscribe channel count</c>.</summary>
    ShardUnsubscribe,

    /// <summary><c>invalidate [keys]</c>: client-side caching invalidation (RESP3).</summary>
    Invalidate,
}
