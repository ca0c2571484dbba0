namespace Multiplex;

/// <summary>
/// The client-side cache (<see cref="RedisClientOptions.ClientCache"/>): replies of read commands kept in
/// memory and answered from there, dropped the moment the server says a key they read changed (Redis
/// server-assisted client-side caching, <c>CLIENT TRACKING</c>:
/// https://redis.io/docs/latest/develop/reference/client-side-caching/).
/// </summary>
/// <remarks>
/// Both bounds hold at all times: storing an entry beyond either evicts the least recently used entries
/// first (CLOCK, the second-chance approximation of LRU whose hits take no lock).
/// </remarks>
public sealed record ClientCacheOptions
{
    /// <summary>The default of <see cref="MaxEntries"/>: 10,000 entries.</summary>
    public const int DefaultMaxEntries = 10_000;

    /// <summary>The default of <see cref="MaxBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>The most entries the cache holds. Default <see cref="DefaultMaxEntries"/>; 1 or more.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>
    /// The most bytes the cache holds, in bytes, counting each entry's key, command and value plus a fixed
    /// overhead per entry. Default <see cref="DefaultMaxBytes"/>; 1 or more. A reply larger than this is not cached.
    /// </summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>
    /// The longest an entry is served after it was stored, even when no invalidation came (a cap, for a
    /// lost push the client could not notice). Default null: until invalidated or evicted.
    /// </summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>
    /// The commands whose replies are cached, by name (<c>GET</c>, <c>HGETALL</c>, …), chosen from
    /// <see cref="SupportedCommands"/>. Default null: all of them.
    /// </summary>
    public IReadOnlyList<string>? Commands { get; init; }

    /// <summary>
    /// When set, only keys that start with one of these prefixes are cached, and tracking uses broadcasting
    /// mode (<c>CLIENT TRACKING ON BCAST PREFIX p …</c>): the server invalidates every key under these
    /// prefixes, read or not, and keeps no per-key state for this client. Default null: every key a
    /// cached command reads is cached and tracked (default tracking mode).
    /// </summary>
    public IReadOnlyList<RedisKey>? KeyPrefixes { get; init; }

    /// <summary>
    /// The read commands that may be cached: each is flagged <c>readonly</c> by the server, reads one key
    /// and answers from that key alone, with no dependence on time or randomness (so never TTL, PTTL,
    /// RANDOMKEY, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, OBJECT, or commands that scan or block).
    /// Multi-key reads (MGET, EXISTS of several keys) are not cached.
    /// </summary>
    public static IReadOnlyList<string> SupportedCommands { get; } =
    [
        "GET", "GETRANGE", "STRLEN", "SUBSTR",
        "HGET", "HMGET", "HGETALL", "HEXISTS", "HLEN", "HSTRLEN", "HKEYS", "HVALS",
        "LRANGE", "LINDEX", "LLEN", "LPOS",
        "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD",
        "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCARD", "ZCOUNT", "ZLEXCOUNT",
        "ZRANGE", "ZRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGE", "ZREVRANGEBYSCORE", "ZREVRANGEBYLEX",
        "TYPE",
    ];

    /// <summary>Where <paramref name="command"/> is in <see cref="SupportedCommands"/> (ignoring case), or -1.</summary>
    internal static int IndexOfSupported(string command)
    {
        for (var i = 0; i < SupportedCommands.Count; i++)
        {
            if (string.Equals(SupportedCommands[i], command, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether every option of <paramref name="other"/> equals this one's, the lists compared element by
    /// element (a null list, all commands or every key, is not an empty one).
    /// </summary>
    /// <param name="other">The options to compare with.</param>
    public bool Equals(ClientCacheOptions? other) =>
        other is not null
        && MaxEntries == other.MaxEntries
        && MaxBytes == other.MaxBytes
        && TimeToLive == other.TimeToLive
        && ListsEqual(Commands, other.Commands)
        && ListsEqual(KeyPrefixes, other.KeyPrefixes);

    /// <summary>A hash consistent with <see cref="Equals(ClientCacheOptions?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(MaxEntries, MaxBytes, TimeToLive, Commands?.Count ?? -1, KeyPrefixes?.Count ?? -1);

    private static bool ListsEqual<T>(IReadOnlyList<T>? x, IReadOnlyList<T>? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y));

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when one is out of range.</summary>
    internal void Validate()
    {
        const string Name = "ClientCache";
        if (MaxEntries < 1)
        {
            throw new ArgumentException($"ClientCache.MaxEntries is {MaxEntries}; it must be 1 or more.", Name);
        }

        if (MaxBytes < 1)
        {
            throw new ArgumentException($"ClientCache.MaxBytes is {MaxBytes}; it must be 1 or more.", Name);
        }

        if (TimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ClientCache.TimeToLive is {ttl}; it must be positive, or null for no cap.", Name);
        }

        if (Commands?.FirstOrDefault(command => !SupportedCommands.Contains(command, StringComparer.OrdinalIgnoreCase)) is { } unsupported)
        {
            throw new ArgumentException(
                $"ClientCache.Commands names {unsupported}, which is not cached: allowed {string.Join(", ", SupportedCommands)}.", Name);
        }

        if (KeyPrefixes is { } prefixes && (prefixes.Count == 0 || prefixes.Any(prefix => prefix.IsNull)))
        {
            throw new ArgumentException("ClientCache.KeyPrefixes must hold at least one prefix and no null one, or be null for every key.", Name);
        }
    }
}
