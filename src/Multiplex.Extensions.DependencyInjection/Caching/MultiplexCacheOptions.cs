namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// Options of the <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/> that Multiplex
/// provides. A mutable class, unlike <see cref="RedisClientOptions"/>, because it goes through the
/// options pattern (<c>services.Configure&lt;MultiplexCacheOptions&gt;(…)</c> works too).
/// </summary>
public sealed class MultiplexCacheOptions
{
    /// <summary>Prepended to every cache key to make the Redis key (for example <c>myapp:cache:</c>). Default empty.</summary>
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>The key of the keyed client to use (see <c>AddKeyedMultiplex</c>); default null: the unkeyed client.</summary>
    public object? ServiceKey { get; set; }

    /// <summary>
    /// When true, reading an entry (<c>GetAsync</c>, <c>TryGetAsync</c>) does not extend its sliding
    /// expiration, so a read is a plain HGET; <c>RefreshAsync</c> still extends it. Default false: each
    /// read slides the expiration.
    /// </summary>
    public bool DisableSlidingExpirationRefresh { get; set; }
}
