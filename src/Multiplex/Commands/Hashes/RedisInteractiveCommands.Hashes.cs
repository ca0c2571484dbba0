using Multiplex.Commands.Collections;
using Multiplex.Commands.Hashes;

namespace Multiplex;

/// <content>HSCAN: iterating a hash with a cursor.</content>
public abstract partial class RedisInteractiveCommands
{
    /// <summary>
    /// HSCAN: every field and value of the hash, fetched a page at a time as the sequence is enumerated.
    /// A field changed during the scan may be returned twice or not at all (the SCAN guarantees).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="pattern">Only fields matching this glob-style pattern (<c>MATCH</c>); null for all.</param>
    /// <param name="pageSize">A hint of how many fields each round trip examines (<c>COUNT</c>, positive); null for the server default (10).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The fields; none when the key does not exist.</returns>
    public IAsyncEnumerable<HashEntry> HScanAsync(RedisKey key, RedisValue pattern = default, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidScan(key, pageSize);
        return ScanAsync(HashTokens.HScan, key, pattern, pageSize, CursorPageParsers.HashEntries, cancellationToken);
    }
}
