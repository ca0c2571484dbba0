namespace Multiplex;

/// <summary>The client-side cache: its counters, and a view that reads past it.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// The client-side cache of this client's database (<see cref="RedisClientOptions.ClientCache"/>); null
    /// when it is off. Views share the cache of the client they were made from; a view of another database
    /// (<see cref="WithDatabase"/>) has that database's own cache, since a cached reply belongs to one database.
    /// </summary>
    public ClientCache? ClientCache => ClientCacheInUse;

    /// <summary>
    /// A view of this client whose reads always go to the server and are not stored (the per-call opt-out
    /// of the client-side cache); its writes still drop their keys from the cache. Without a cache it is
    /// this client itself. Making one opens no socket.
    /// </summary>
    /// <returns>The view.</returns>
    public RedisClient WithoutClientCache() =>
        ClientCacheInUse is null || !ReadsFromCache ? this : new RedisClient(_connections, Prefixer, _owner ?? this, _retryMode, readsFromCache: false);
}
