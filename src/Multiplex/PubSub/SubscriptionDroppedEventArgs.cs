namespace Multiplex;

/// <summary>Raised when a subscription dropped messages because its consumer fell behind.</summary>
/// <param name="totalDropped">How many messages the subscription has dropped in total.</param>
public sealed class SubscriptionDroppedEventArgs(long totalDropped) : EventArgs
{
    /// <summary>How many messages the subscription has dropped in total.</summary>
    public long TotalDropped { get; } = totalDropped;
}
