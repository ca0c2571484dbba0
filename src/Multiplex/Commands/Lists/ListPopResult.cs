namespace Multiplex;

/// <summary>The reply of LMPOP: the list elements were popped from, and the elements.</summary>
/// <param name="Key">The first non-empty list among the keys given.</param>
/// <param name="Values">The popped elements, in the order they were popped (at least one).</param>
public sealed record ListPopResult(RedisKey Key, RedisValue[] Values);
