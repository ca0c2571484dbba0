namespace Multiplex;

/// <summary>
/// Everything a client needs to connect and run commands. Build it with an object initializer or
/// <see cref="Parse"/>; <see cref="ToString"/> gives a connection string with the password redacted.
/// </summary>
/// <remarks>
/// Equality compares <see cref="Endpoints"/> element by element and every other property by value
/// (certificates, callbacks and strategies by reference).
/// </remarks>
public sealed partial record RedisClientOptions
{
    /// <summary>Most connections a client opens to one server node: 64.</summary>
    public const int MaxConnectionsPerNode = 64;

    /// <summary>The server's default <c>proto-max-bulk-len</c>: 512 MiB.</summary>
    public const long DefaultMaxValueLength = 512L * 1024 * 1024;

    // CancellationTokenSource.CancelAfter and timers accept at most int.MaxValue milliseconds (~24.8 days).
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly IReadOnlyList<RedisEndpoint> _endpoints = [RedisEndpoint.Tcp("localhost")];

    /// <summary>
    /// The server to connect to. Default one endpoint, <c>localhost:6379</c>. The list is copied when set.
    /// Several endpoints are seeds of one cluster: the client connects to the first that answers and
    /// learns the other nodes from it; when they are not a cluster they are a primary and its replicas,
    /// and the client uses (and follows, after a failover) the one whose ROLE is primary. With a
    /// <see cref="SentinelOptions.ServiceName"/> they are the sentinels.
    /// </summary>
    public IReadOnlyList<RedisEndpoint> Endpoints
    {
        get => _endpoints;
        init => _endpoints = Array.AsReadOnly((value ?? throw new ArgumentNullException(nameof(value))).ToArray());
    }

    /// <summary>
    /// Redis Sentinel: the service name (which makes <see cref="Endpoints"/> the sentinels) and the
    /// sentinels' credentials. Default: not used.
    /// </summary>
    public SentinelOptions Sentinel { get; init; } = SentinelOptions.Default;

    /// <summary>The ACL user name sent with AUTH/HELLO. Default null: the <c>default</c> user.</summary>
    public string? User { get; init; }

    /// <summary>
    /// The password sent with AUTH/HELLO. Default null: no authentication. It never appears in
    /// <see cref="ToString"/>, exception messages or logs.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// Asked for the user and password at every connect and reconnect of every connection to the data
    /// nodes (shared, dedicated and subscriber connections), instead of the fixed <see cref="User"/> and
    /// <see cref="Password"/>, which must then be null: for passwords that change, such as short-lived
    /// tokens of a managed service (<see cref="RedisTokenManager"/>). The call is bounded by
    /// <see cref="ConnectTimeout"/> (its token); a provider that throws fails that connect attempt with a
    /// <see cref="RedisConnectionException"/>, and the reconnect backoff tries again. When the provider
    /// raises <see cref="RedisCredentialsProvider.CredentialsChanged"/>, live connections re-authenticate
    /// in place (<see cref="RedisClient.ReauthenticateAsync"/>). Default null. Not expressible in a
    /// connection string.
    /// </summary>
    public RedisCredentialsProvider? CredentialsProvider { get; init; }

    /// <summary>The logical database selected on every connection (SELECT). Default 0.</summary>
    public int Database { get; init; }

    /// <summary>
    /// What kind of deployment <see cref="Endpoints"/> are. Default <see cref="ServerMode.Auto"/>: found out
    /// on connecting (HELLO's mode under RESP3, INFO cluster under RESP2). <see cref="ServerMode.Standalone"/>
    /// or <see cref="ServerMode.Cluster"/> insist; connecting fails when the server is not of that kind.
    /// </summary>
    public ServerMode Mode { get; init; } = ServerMode.Auto;

    /// <summary>How a cluster is followed (redirects, slot-map reloads, reads from replicas); used when the server is a cluster node.</summary>
    public ClusterOptions Cluster { get; init; } = ClusterOptions.Default;

    /// <summary>The RESP version requested with HELLO. Default <see cref="RedisProtocol.Resp3"/>, falling back to RESP2 when refused.</summary>
    public RedisProtocol Protocol { get; init; } = RedisProtocol.Resp3;

    /// <summary>The connection name set with CLIENT SETNAME on every connection (no spaces). Default null: not set.</summary>
    public string? ClientName { get; init; }

    /// <summary>
    /// Whether every connection is exempt from client eviction (<c>CLIENT NO-EVICT ON</c> in each
    /// handshake; Redis 7.0+). Default false.
    /// </summary>
    public bool NoEvict { get; init; }

    /// <summary>
    /// Whether the client's commands leave keys' last-access time alone (<c>CLIENT NO-TOUCH ON</c> in each
    /// handshake; Redis 7.2+). Default false.
    /// </summary>
    public bool NoTouch { get; init; }

    /// <summary>
    /// Whether every RESP3 connection asks for server maintenance notifications (<c>CLIENT MAINT_NOTIFICATIONS ON</c>
    /// in each handshake: Redis Enterprise, Redis Cloud, Redis 8 servers that support it), reported through
    /// <see cref="RedisClient.MaintenanceNotification"/>. A server that refuses the command (Redis 7, say) is
    /// not asked again on that connection and is used as usual; RESP2 connections never ask (the
    /// notifications are RESP3 pushes). Default false.
    /// </summary>
    public bool MaintenanceNotifications { get; init; }

    /// <summary>How long connecting, TLS and the handshake may take per attempt. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may take from the call until its reply, queueing included. Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Multiplexed connections opened to each server node; 1 to 64. Default 1.</summary>
    public int ConnectionsPerNode { get; init; } = 1;

    /// <summary>
    /// Most commands one connection holds queued but not yet written, in commands. Default 65,536.
    /// When the queue is full, further callers wait for room (within their timeout and
    /// cancellation), which pushes back on a producer that outruns the socket.
    /// </summary>
    /// <remarks>
    /// 65,536 covers about half a second of a connection writing 100,000 commands per second while
    /// the server stalls or the link is down and <see cref="DisconnectedBehavior.Queue"/> is in
    /// effect, and at roughly 100–200 bytes per small queued command bounds the queue near 10 MB.
    /// </remarks>
    public int MaxPendingCommands { get; init; } = 65_536;

    /// <summary>What commands do while their connection is down. Default <see cref="DisconnectedBehavior.Queue"/>.</summary>
    public DisconnectedBehavior WhileDisconnected { get; init; } = DisconnectedBehavior.Queue;

    /// <summary>TLS settings. Default <see cref="TlsOptions.Disabled"/>.</summary>
    public TlsOptions Tls { get; init; } = TlsOptions.Disabled;

    /// <summary>Bounds on replies the reader accepts. Default <see cref="ProtocolLimits.Default"/>.</summary>
    public ProtocolLimits Limits { get; init; } = ProtocolLimits.Default;

    /// <summary>TCP keepalive on every connection. Default <see cref="KeepAliveOptions.Default"/> (30 s idle, 5 s between 3 probes).</summary>
    public KeepAliveOptions KeepAlive { get; init; } = KeepAliveOptions.Default;

    /// <summary>Delays between reconnect attempts. Default <see cref="ReconnectOptions.Default"/>.</summary>
    public ReconnectOptions Reconnect { get; init; } = ReconnectOptions.Default;

    /// <summary>
    /// Which commands are sent again after their connection was lost, how often and after what delay.
    /// Default <see cref="RetryOptions.Default"/>: up to 3 retries of commands that were not sent or
    /// only read; <see cref="RetryOptions.None"/> turns retries off.
    /// </summary>
    public RetryOptions Retry { get; init; } = RetryOptions.Default;

    /// <summary>
    /// How long a connection may be idle before a PING is sent to check it. Default 1 s;
    /// <see cref="TimeSpan.Zero"/> turns the heartbeat off.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a heartbeat PING is sent the connection waits for any reply before it is
    /// declared dead and reconnected. Default 3 s. It is counted from the PING, so it need not grow
    /// with <see cref="HeartbeatInterval"/>.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether the handshake sends CLIENT SETINFO with the library name and version. Default true.</summary>
    public bool SetClientInfo { get; init; } = true;

    /// <summary>The library name sent with CLIENT SETINFO LIB-NAME (no spaces). Default <c>multiplex</c>.</summary>
    public string LibraryName { get; init; } = "multiplex";

    /// <summary>
    /// The pool of dedicated connections per node for blocking commands, WATCH and MONITOR: size
    /// (default 32), lease timeout (default 5 s) and idle timeout (default 60 s).
    /// </summary>
    public DedicatedPoolOptions DedicatedPool { get; init; } = DedicatedPoolOptions.Default;

    /// <summary>
    /// The largest argument (a key or a value) a command may carry, in bytes: a command with a larger one
    /// is refused with an <see cref="ArgumentException"/> before anything is sent, instead of being sent
    /// and refused by the server (<c>proto-max-bulk-len</c>, 512 MiB unless the server is configured
    /// otherwise). Default 512 MiB (536,870,912 bytes); set it to the server's value if that differs.
    /// </summary>
    public long MaxValueLength { get; init; } = DefaultMaxValueLength;

    /// <summary>
    /// The client-side cache: read replies kept in memory and dropped when the server invalidates their
    /// keys (<c>CLIENT TRACKING</c> on every shared connection, re-sent after every reconnect). Default null: off.
    /// See <see cref="ClientCacheOptions"/> and <see cref="RedisClient.ClientCache"/>.
    /// </summary>
    public ClientCacheOptions? ClientCache { get; init; }

    /// <summary>The <c>CLIENT TRACKING</c> command a shared connection sends in its handshake; null sends none.</summary>
    internal string[]? ClientTracking { get; init; }

    /// <summary>
    /// Under RESP2, the id of the connection that receives this node's invalidations, for the
    /// <c>REDIRECT</c> of <see cref="ClientTracking"/> (it waits for that connection, within the connect timeout).
    /// </summary>
    internal Func<CancellationToken, Task<long>>? ClientTrackingRedirect { get; init; }

    /// <summary>Whether this is a RESP2 invalidation connection: its handshake reads its id and subscribes to <c>__redis__:invalidate</c>.</summary>
    internal bool InvalidationSubscriber { get; init; }

    /// <summary>Whether every connection says READONLY in its handshake: set on the options of a cluster replica that reads go to.</summary>
    internal bool ReadOnlyReplica { get; init; }

    /// <summary>How the connections open their transport; tests substitute one (see <see cref="Connections.TransportFactory"/>).</summary>
    internal Connections.TransportFactory TransportFactory { get; init; } = Connections.Transport.ConnectAsync;

    /// <summary>
    /// Whether admin commands that can destroy data or disturb other clients (FLUSHDB, FLUSHALL,
    /// CONFIG SET/RESETSTAT/REWRITE, CLIENT KILL/PAUSE, SWAPDB, SAVE, BGSAVE, BGREWRITEAOF, SHUTDOWN,
    /// FAILOVER, ACL SETUSER/DELUSER, SCRIPT FLUSH, FUNCTION FLUSH/RESTORE, MONITOR) may be sent. Default false: they
    /// throw <see cref="InvalidOperationException"/> before anything is sent.
    /// </summary>
    public bool AllowAdminCommands { get; init; }

    /// <summary>
    /// Whether command spans (source <see cref="MultiplexTelemetry.ActivitySourceName"/>) carry the
    /// command's text as <c>db.query.text</c>. Default <see cref="QueryTextCapture.None"/>: no text, the
    /// command's name only. <see cref="QueryTextCapture.Placeholders"/> adds the command with a <c>?</c> for
    /// each argument, never a key or a value; <see cref="QueryTextCapture.Full"/> adds keys and values
    /// (shortened), for data that may go wherever the traces go. Connection string key <c>queryText</c>.
    /// </summary>
    public QueryTextCapture QueryTextCapture { get; init; }

    /// <summary>
    /// Parses a connection string: <c>redis://[[user]:password@]host[:port][,host2[:port2]][/database][?key=value&amp;…]</c>,
    /// <c>rediss://…</c> (TLS), <c>unix:///path/to/redis.sock[?db=2&amp;…]</c>, or
    /// <c>host:port,host2:port2,password=…,ssl=true,…</c>. The result is validated, except that it may
    /// hold several endpoints, which <see cref="Validate"/> (and so connecting) refuses today.
    /// </summary>
    /// <remarks>
    /// Keys (case-insensitive, the same in a URL query and the comma-separated form):
    /// <c>user</c>/<c>username</c>, <c>password</c>, <c>database</c>/<c>db</c>/<c>defaultDatabase</c>,
    /// <c>protocol</c> (<c>resp2</c>, <c>resp3</c>, <c>2</c>, <c>3</c>), <c>clientName</c>/<c>name</c>,
    /// <c>connectTimeout</c>, <c>commandTimeout</c>/<c>syncTimeout</c>/<c>asyncTimeout</c>,
    /// <c>connectionsPerNode</c>, <c>maxPendingCommands</c>, <c>whileDisconnected</c> (<c>queue</c>,
    /// <c>failfast</c>), <c>heartbeatInterval</c>/<c>heartbeat</c>, <c>heartbeatTimeout</c>,
    /// <c>setClientInfo</c>, <c>libraryName</c>, <c>noEvict</c>, <c>noTouch</c>, <c>maintNotifications</c>, <c>maxValueLength</c>, <c>allowAdmin</c>, <c>tls</c>/<c>ssl</c>, <c>serverName</c>/<c>sslHost</c>,
    /// <c>caCertificatePath</c>, <c>clientCertificatePath</c>, <c>clientKeyPath</c>,
    /// <c>sslProtocols</c> (<c>tls12|tls13</c>), <c>certificateRevocation</c> (<c>off</c>, <c>online</c>,
    /// <c>offline</c>; <c>checkCertificateRevocation=true</c> is <c>online</c>), <c>certificateRevocationListPath</c>,
    /// <c>tcpKeepAlive</c> (idle time before probes; <c>0</c> turns keepalive off), <c>tcpKeepAliveInterval</c>, <c>tcpKeepAliveProbes</c>,
    /// <c>reconnectInitialDelay</c>, <c>reconnectMaxDelay</c>, <c>reconnectMultiplier</c>,
    /// <c>reconnectJitter</c>, <c>retryAttempts</c>, <c>retryMode</c> (<c>idempotentOnly</c>, <c>always</c>, <c>never</c>), <c>queryText</c> (<c>none</c>, <c>placeholders</c>, <c>full</c>), <c>maxBulkLength</c>, <c>maxAggregateLength</c>, <c>maxNestingDepth</c>,
    /// <c>maxLineLength</c>. Durations are <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>,
    /// <c>00:00:05</c>, or a whole number of milliseconds. Keys of StackExchange.Redis and redis-py URLs
    /// are read in those clients' units: <c>keepAlive</c> (heartbeat, seconds), <c>configCheckSeconds</c>
    /// (cluster refresh, seconds), <c>setlib</c>, <c>socket_timeout</c> and <c>socket_connect_timeout</c>
    /// (seconds), <c>health_check_interval</c> (heartbeat, seconds), <c>client_name</c>,
    /// <c>socket_keepalive</c>, <c>ssl_ca_certs</c>, <c>ssl_certfile</c>, <c>ssl_keyfile</c>,
    /// <c>ssl_cert_reqs</c> (<c>required</c>/<c>optional</c>), <c>ssl_check_hostname</c> (<c>true</c>) and
    /// <c>ssl_ocsp</c> (<c>true</c>: online revocation checks).
    /// Their keys without an equivalent here (<c>connectRetry</c>, <c>tiebreaker</c>, <c>proxy</c>,
    /// <c>$COMMAND</c> renames, <c>decode_responses</c>, <c>retry_on_timeout</c>, …) are refused with
    /// what to use instead. Any other key is an error. StackExchange.Redis's
    /// <c>abortConnect</c> is refused too: whether the first connect is awaited is the
    /// choice of the call, not of the connection string.
    /// <see cref="RedisClient.ConnectAsync(RedisClientOptions, CancellationToken)"/> waits for the connection
    /// and throws when it cannot be made;
    /// <see cref="RedisClient.Create(RedisClientOptions, Microsoft.Extensions.Logging.ILoggerFactory?)"/>
    /// connects in the background and keeps retrying.
    /// In a URL, options go in the query string (<c>redis://host:6379?allowAdmin=true</c>); a
    /// <c>key=value</c> after a comma in a URL's host list is an error, not a host.
    /// </remarks>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="FormatException">The string is malformed or a value is invalid; the message names the key.</exception>
    public static RedisClientOptions Parse(string connectionString) => ConnectionStringParser.Parse(connectionString);

    /// <summary>
    /// Returns a copy with one option set from text, by the same key and value syntax as
    /// <see cref="Parse"/> (for example <c>("commandTimeout", "2s")</c>); used to apply settings from
    /// configuration on top of a connection string. The result is not validated: call <see cref="Validate"/>.
    /// </summary>
    /// <param name="key">A connection-string key (case-insensitive); see <see cref="Parse"/>.</param>
    /// <param name="value">The value, as it would appear in a connection string (unescaped).</param>
    /// <returns>The options with the setting applied.</returns>
    /// <exception cref="FormatException">The key is unknown or the value is invalid; the message names the key (and never quotes a password).</exception>
    public RedisClientOptions WithSetting(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return ConnectionStringKeys.Apply(this, key, value);
    }

    /// <summary>
    /// A connection string that <see cref="Parse"/> turns back into equal options, with the password
    /// shown as <c>***</c>. Certificates, callbacks and a custom backoff strategy are left out.
    /// </summary>
    public override string ToString() => ToConnectionString(includePassword: false);

    /// <summary>The connection string, with or without the password in clear.</summary>
    internal string ToConnectionString(bool includePassword) => ConnectionStringWriter.Write(this, includePassword);
}
