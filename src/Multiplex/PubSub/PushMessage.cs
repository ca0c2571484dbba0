namespace Multiplex.PubSub;

/// <summary>One parsed push frame (RESP3 <c>&gt;</c>, or a RESP2 array on a subscription connection).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">The channel (for pattern messages, the channel that matched).</param>
/// <param name="Pattern">The pattern, for pattern messages and pattern (un)subscribe confirmations.</param>
/// <param name="Payload">The message payload.</param>
/// <param name="Count">For (un)subscribe confirmations: how many subscriptions the connection now has.</param>
internal readonly record struct PushMessage(PushKind Kind, RedisValue Channel, RedisValue Pattern, RedisValue Payload, long Count)
{
    /// <summary>Whether this confirms (or reports) a change of subscription.</summary>
    public bool IsSubscriptionChange => Kind is PushKind.Subscribe or PushKind.PatternSubscribe or PushKind.ShardSubscribe
        or PushKind.Unsubscribe or PushKind.PatternUnsubscribe or PushKind.ShardUnsubscribe;
}
