using Multiplex.Commands;
using Multiplex.Commands.HyperLogLog;

namespace Multiplex;

/// <summary>HyperLogLog commands: approximate distinct counting in at most 12 KiB per key.</summary>
public abstract partial class RedisCommands
{
    /// <summary>PFADD: adds elements to the HyperLogLog at <paramref name="key"/>, creating it if needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="elements">The elements (may be empty, which only creates the key).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>True when the estimate changed (or the key was created); false otherwise.</returns>
    public ValueTask<bool> PfAddAsync(RedisKey key, IReadOnlyList<RedisValue> elements, CancellationToken cancellationToken = default) =>
        SendKeyValues(HyperLogLogTokens.PfAdd, key, elements, ReplyParsers.Boolean, cancellationToken, allowEmpty: true);

    /// <summary>PFCOUNT: the approximate number of distinct elements added to <paramref name="key"/> (standard error 0.81%).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The estimate; 0 when the key does not exist.</returns>
    public ValueTask<long> PfCountAsync(RedisKey key, CancellationToken cancellationToken = default) =>
        SendKeyCommand(HyperLogLogTokens.PfCount, key, ReplyParsers.Int64, cancellationToken);

    /// <summary>PFCOUNT over several keys: the approximate number of distinct elements in their union.</summary>
    /// <param name="keys">The keys (at least one); a missing key counts as empty.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The estimate.</returns>
    public ValueTask<long> PfCountAsync(IReadOnlyList<RedisKey> keys, CancellationToken cancellationToken = default) =>
        SendKeys(HyperLogLogTokens.PfCount, null, keys, ReplyParsers.Int64, cancellationToken);

    /// <summary>PFMERGE: stores the union of <paramref name="sources"/> (and of <paramref name="destination"/> itself) at <paramref name="destination"/>.</summary>
    /// <param name="destination">The key to merge into; created when missing.</param>
    /// <param name="sources">The HyperLogLogs to merge (at least one).</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>A task that completes when the merge is done.</returns>
    public ValueTask PfMergeAsync(RedisKey destination, IReadOnlyList<RedisKey> sources, CancellationToken cancellationToken = default) =>
        DiscardAsync(SendKeys(HyperLogLogTokens.PfMerge, destination, sources, ReplyParsers.Boolean, cancellationToken));
}
