namespace Multiplex;

/// <summary>XINFO CONSUMERS: one consumer of a group.</summary>
/// <param name="Name">The consumer.</param>
/// <param name="Pending">How many entries it holds unacknowledged.</param>
/// <param name="Idle">The time since it last read or claimed.</param>
/// <param name="Inactive">The time since its last successful read or claim (Redis 7.2+); null when not reported or never active.</param>
public sealed record StreamConsumerInfo(string Name, long Pending, TimeSpan Idle, TimeSpan? Inactive);
