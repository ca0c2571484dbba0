namespace Multiplex;

/// <summary>What a subscription's buffer does when its consumer falls behind and it is full.</summary>
public enum SubscriptionFullMode
{
    /// <summary>Drop the oldest buffered message to make room (the consumer sees the most recent ones).</summary>
    DropOldest,

    /// <summary>Drop the message that just arrived (the consumer sees the earliest ones).</summary>
    DropNewest,
}
