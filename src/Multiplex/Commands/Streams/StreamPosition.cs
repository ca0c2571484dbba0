namespace Multiplex;

/// <summary>A stream to read and the ID to read after, for XREAD and XREADGROUP.</summary>
/// <param name="Key">The stream.</param>
/// <param name="Id">Read entries after this ID; for XREADGROUP <c>&gt;</c> means new entries, any other ID the consumer's pending history.</param>
public readonly record struct StreamPosition(RedisKey Key, string Id);
