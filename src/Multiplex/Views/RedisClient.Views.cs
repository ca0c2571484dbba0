using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Topology;
using Multiplex.Views;

namespace Multiplex;

/// <summary>Key-prefix views: the client's connections, seen through a key prefix.</summary>
public sealed partial class RedisClient
{
    // The client whose connections (and unprefixed commands) this one uses: itself, or for a key-prefix
    // view the client the view was made from (the client itself, or the client of another database).
    private readonly RedisClient _connections;

    // The client the application made, which owns this one's connections; null when this is it.
    private RedisClient? _owner;

    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;

    /// <summary>
    /// A view over <paramref name="connections"/>' connections: with a key prefix (or none), the retry mode
    /// of its commands, and whether its reads use the client-side cache.
    /// </summary>
    private RedisClient(RedisClient connections, KeyPrefixer? prefixer, RedisClient owner, RetryMode retryMode, bool readsFromCache = true)
        : base(connections.Options, new TopologySink(connections._topology, connections._retrier, retryMode), prefixer)
    {
        UseClientCache(connections.ClientCacheInUse, readsFromCache);
        _retrier = connections._retrier;
        _retryMode = retryMode;
        _topology = connections._topology;
        _pubSub = connections._pubSub;
        _events = connections._events;
        _connections = connections;
        _owner = owner;
        _loggerFactory = connections._loggerFactory;
        _logger = connections._logger;
    }

    /// <summary>
    /// The prefix this client puts before every key (<see cref="WithKeyPrefix"/>); empty for a client that
    /// is not a key-prefix view.
    /// </summary>
    public RedisKey KeyPrefix => Prefixer is { } prefixer ? prefixer.Key.ToArray() : string.Empty;

    /// <summary>
    /// A view of this client whose commands see only the keys under <paramref name="prefix"/>: every key
    /// argument is sent with the prefix before it, and keys in replies come back without it. The view
    /// shares this client's connections (making one opens no socket and allocates a few small objects) and offers
    /// all of its API: commands, batches and transactions made from it (their conditions and WATCH keys
    /// too), blocking commands, dedicated sessions, scripts (<c>KEYS</c> of EVAL, EVALSHA, FCALL, and of
    /// <see cref="LuaScript"/> and <see cref="PreparedLuaScript"/>), distributed locks, keyspace
    /// notifications, and by option pub/sub channels. On a cluster, a key is routed by the hash slot of the
    /// prefixed key, so a prefix with a hash tag (<c>{tenant:42}:</c>) keeps all of a tenant's keys in one slot.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Which arguments are keys comes from each command's key specification, the one cluster routing reads
    /// (checked against the server's own for every command method). Besides those: KEYS and SCAN patterns
    /// get the prefix (escaped, so its glob characters match themselves), and a SCAN without a pattern
    /// gets <c>MATCH prefix*</c>, so a view lists only its own keys and returns them without the prefix;
    /// SORT's BY and GET patterns get it (GET <c>#</c> excepted). Keys a reply names (SCAN, KEYS, the list a
    /// BLPOP or LMPOP popped, the sorted set of a BZPOPMIN or ZMPOP, the streams of XREAD) lose it.
    /// </para>
    /// <para>
    /// Refused with a <see cref="NotSupportedException"/> that names the command, since they reach keys not
    /// named in their arguments: RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, and <c>ExecuteAsync</c> of a
    /// command no typed method sends (where its keys are is not known). <c>ExecuteAsync</c> of a command
    /// with a typed method prefixes its keys as that method would, and returns the reply as the server
    /// sent it. Not rewritten: values and script arguments (ARGV), script bodies, and the replies of
    /// scripts and <c>ExecuteAsync</c>; server commands that touch no key (INFO, CONFIG, CLIENT, SCRIPT,
    /// FUNCTION, MONITOR, …) run as on this client. A prefix scopes keys, not permissions: use ACL key
    /// patterns (<c>~tenant:42:*</c>) to enforce it on the server.
    /// </para>
    /// <para>
    /// Views nest: a view of a view puts the outer prefix first. <see cref="DisposeAsync"/> on a view does
    /// nothing; dispose the client it was made from.
    /// </para>
    /// </remarks>
    /// <param name="prefix">The prefix (not null); an empty one returns this client itself.</param>
    /// <param name="options">Whether channels get the prefix too; <see cref="KeyPrefixOptions.Default"/> when null.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is null.</exception>
    /// <example>
    /// <code>
    /// var tenant = client.WithKeyPrefix("tenant:42:");
    /// await tenant.SetAsync("user:1", "ada", cancellationToken: ct);   // SET tenant:42:user:1 ada
    /// await foreach (var key in tenant.ScanAsync("user:*", cancellationToken: ct))
    /// {
    ///     Console.WriteLine(key);                                       // user:1
    /// }
    /// </code>
    /// </example>
    public RedisClient WithKeyPrefix(RedisKey prefix, KeyPrefixOptions? options = null)
    {
        if (prefix.IsNull)
        {
            throw new ArgumentException("A key prefix is required (the prefix is null); an empty prefix leaves keys as they are.", nameof(prefix));
        }

        var bytes = (byte[])prefix!;
        if (bytes.Length == 0)
        {
            return this;
        }

        var prefixer = KeyPrefixer.Compose(Prefixer, [.. bytes], options ?? KeyPrefixOptions.Default);
        return new RedisClient(_connections, prefixer, _owner ?? this, _retryMode, ReadsFromCache);
    }
}
