namespace Multiplex;

/// <summary>What ZMPOP removed: the key it popped from and the entries.</summary>
/// <param name="Key">The first non-empty key of those given.</param>
/// <param name="Entries">The popped members with their scores, in pop order.</param>
public sealed record SortedSetPopResult(RedisKey Key, SortedSetEntry[] Entries);
