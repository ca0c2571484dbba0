namespace Multiplex;

/// <summary>
/// Raised when a subscription was re-established after its connection was lost: messages published
/// in between may have been missed, so the application may want to resynchronise.
/// </summary>
/// <param name="restoredAt">When the server confirmed the subscription again.</param>
public sealed class SubscriptionRestoredEventArgs(DateTimeOffset restoredAt) : EventArgs
{
    /// <summary>When the server confirmed the subscription again.</summary>
    public DateTimeOffset RestoredAt { get; } = restoredAt;
}
