namespace Multiplex;

/// <summary>An element popped from a list by a blocking pop, with the key of the list it came from.</summary>
/// <param name="Key">The list the element was popped from.</param>
/// <param name="Value">The element.</param>
public readonly record struct ListElement(RedisKey Key, RedisValue Value);
