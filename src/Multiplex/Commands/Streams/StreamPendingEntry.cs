namespace Multiplex;

/// <summary>One entry of the extended XPENDING form.</summary>
/// <param name="Id">The entry ID.</param>
/// <param name="Consumer">The consumer that holds it.</param>
/// <param name="Idle">The time since it was last delivered.</param>
/// <param name="DeliveryCount">How many times it was delivered.</param>
public sealed record StreamPendingEntry(string Id, string Consumer, TimeSpan Idle, long DeliveryCount);
