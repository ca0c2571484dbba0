using Multiplex.Commands.Collections;
using Multiplex.Commands.Sets;

namespace Multiplex;

/// <content>SSCAN: iterating a set with a cursor.</content>
public abstract partial class RedisInteractiveCommands
{
    /// <summary>
    /// SSCAN: every member of the set, fetched a page at a time as the sequence is enumerated. A member
    /// added or removed during the scan may be returned or not, and a member may be returned twice.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="pattern">Only members matching this glob-style pattern (<c>MATCH</c>); null for all.</param>
    /// <param name="pageSize">A hint of how many members each round trip examines (<c>COUNT</c>, positive); null for the server default (10).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The members; none when the key does not exist.</returns>
    public IAsyncEnumerable<RedisValue> SScanAsync(RedisKey key, RedisValue pattern = default, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidScan(key, pageSize);
        return ScanAsync(SetTokens.SScan, key, pattern, pageSize, CursorPageParsers.Values, cancellationToken);
    }
}
