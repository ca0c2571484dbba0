using Multiplex.Commands.Collections;
using Multiplex.Commands.SortedSets;

namespace Multiplex;

/// <content>ZSCAN: iterating a sorted set with a cursor.</content>
public abstract partial class RedisInteractiveCommands
{
    /// <summary>
    /// ZSCAN: every member of the sorted set with its score, fetched a page at a time as the sequence is
    /// enumerated. A member changed during the scan may be returned twice or not at all (the SCAN guarantees).
    /// </summary>
    /// <param name="key">The sorted set.</param>
    /// <param name="pattern">Only members matching this glob-style pattern (<c>MATCH</c>); null for all.</param>
    /// <param name="pageSize">A hint of how many entries each round trip examines (<c>COUNT</c>, positive); null for the server default (10).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The entries; none when the key does not exist.</returns>
    public IAsyncEnumerable<SortedSetEntry> ZScanAsync(RedisKey key, RedisValue pattern = default, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidScan(key, pageSize);
        return ScanAsync(SortedSetTokens.ZScan, key, pattern, pageSize, CursorPageParsers.SortedSetEntries, cancellationToken);
    }
}
