namespace Multiplex;

/// <summary>A message received on a subscription.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Payload">What was published.</param>
/// <param name="Pattern">For pattern subscriptions, the pattern that matched; otherwise null.</param>
public readonly record struct RedisMessage(RedisValue Channel, RedisValue Payload, RedisValue Pattern = default);
