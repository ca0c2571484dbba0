namespace Multiplex;

/// <summary>One field of a stream entry.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The value.</param>
public readonly record struct StreamField(RedisValue Name, RedisValue Value);
