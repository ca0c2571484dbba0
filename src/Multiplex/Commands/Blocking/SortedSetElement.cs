namespace Multiplex;

/// <summary>A member popped from a sorted set by BZPOPMIN or BZPOPMAX, with the key of the set it came from.</summary>
/// <param name="Key">The sorted set the member was popped from.</param>
/// <param name="Entry">The member and its score.</param>
public readonly record struct SortedSetElement(RedisKey Key, SortedSetEntry Entry);
