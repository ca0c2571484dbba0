namespace Multiplex;

/// <summary>XINFO GROUPS: one consumer group of a stream.</summary>
/// <param name="Name">The group.</param>
/// <param name="Consumers">How many consumers it has.</param>
/// <param name="Pending">How many entries it delivered that are not acknowledged.</param>
/// <param name="LastDeliveredId">The last ID delivered to it.</param>
/// <param name="EntriesRead">The logical read counter (Redis 7.0+); null when unknown.</param>
/// <param name="Lag">How many entries are still waiting for delivery (Redis 7.0+); null when the server cannot tell.</param>
public sealed record StreamGroupInfo(string Name, long Consumers, long Pending, string LastDeliveredId, long? EntriesRead, long? Lag);
