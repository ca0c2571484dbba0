namespace Multiplex;

/// <summary>Validation of <see cref="RedisClientOptions"/>; messages never contain the password.</summary>
public sealed partial record RedisClientOptions
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the option, its value and what is allowed when
    /// an option is out of range or options contradict each other (several endpoints with
    /// <see cref="ServerMode.Standalone"/>, a database other than 0 with <see cref="ServerMode.Cluster"/>).
    /// </summary>
    public void Validate()
    {
        ValidateSettings();
        Require(
            Endpoints.Count == 1 || Mode != ServerMode.Standalone,
            nameof(Endpoints),
            $"Endpoints holds {Endpoints.Count} servers ({string.Join(", ", Endpoints)}), but Mode is Standalone, which uses one server. "
            + "Give the one server to connect to, or set Mode to Auto or Cluster when they are seeds of a cluster.");
        Require(
            Database == 0 || Mode != ServerMode.Cluster,
            nameof(Database),
            $"Database is {Database}, but Mode is Cluster: a Redis Cluster has database 0 only.");
        Require(
            Mode != ServerMode.Sentinel || Sentinel.ServiceName is not null,
            nameof(Sentinel),
            "Mode is Sentinel but Sentinel.ServiceName is not set: give the name the sentinels monitor the primary under (connection string key serviceName).");
        Require(
            Sentinel.ServiceName is null || Mode is ServerMode.Auto or ServerMode.Sentinel,
            nameof(Mode),
            $"Sentinel.ServiceName is '{Sentinel.ServiceName}', which makes the endpoints sentinels, but Mode is {Mode}. Set Mode to Auto or Sentinel, or remove the service name.");
    }

    /// <summary>Every per-option check of <see cref="Validate"/>.</summary>
    internal void ValidateSettings()
    {
        ValidateEndpoints();
        Require(User is null || (User.Length > 0 && !User.Any(char.IsWhiteSpace)), nameof(User), "User must be null or a name without white space.");
        Require(
            CredentialsProvider is null || (User is null && Password is null),
            nameof(CredentialsProvider),
            "CredentialsProvider hands out the user and password at every connect: leave User and Password null (the connection string's user and password too).");
        Require(Database >= 0, nameof(Database), $"Database is {Database}; it must be 0 or more.");
        Require(Enum.IsDefined(Protocol), nameof(Protocol), $"Protocol is {Protocol}; allowed Resp2 or Resp3.");
        Require(Enum.IsDefined(Mode), nameof(Mode), $"Mode is {Mode}; allowed Auto, Standalone, Cluster or Sentinel.");
        Require(ClientName is null || !ClientName.Any(char.IsWhiteSpace), nameof(ClientName), $"ClientName '{ClientName}' contains white space, which CLIENT SETNAME refuses.");
        RequireTimeout(ConnectTimeout, nameof(ConnectTimeout), allowZero: false);
        RequireTimeout(CommandTimeout, nameof(CommandTimeout), allowZero: false);
        Require(ConnectionsPerNode is >= 1 and <= MaxConnectionsPerNode, nameof(ConnectionsPerNode), $"ConnectionsPerNode is {ConnectionsPerNode}; allowed 1 to {MaxConnectionsPerNode}.");
        Require(MaxPendingCommands >= 1, nameof(MaxPendingCommands), $"MaxPendingCommands is {MaxPendingCommands}; it must be 1 or more.");
        Require(MaxValueLength >= 1, nameof(MaxValueLength), $"MaxValueLength is {MaxValueLength}; it must be 1 or more.");
        Require(Enum.IsDefined(WhileDisconnected), nameof(WhileDisconnected), $"WhileDisconnected is {WhileDisconnected}; allowed Queue or FailFast.");
        RequireTimeout(HeartbeatInterval, nameof(HeartbeatInterval), allowZero: true);
        RequireTimeout(HeartbeatTimeout, nameof(HeartbeatTimeout), allowZero: false);
        Require(LibraryName is not null && LibraryName.Length > 0 && !LibraryName.Any(char.IsWhiteSpace), nameof(LibraryName), $"LibraryName '{LibraryName}' must be non-empty and without white space.");
        ArgumentNullException.ThrowIfNull(Tls, nameof(Tls));
        ArgumentNullException.ThrowIfNull(Limits, nameof(Limits));
        ArgumentNullException.ThrowIfNull(Reconnect, nameof(Reconnect));
        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
        ArgumentNullException.ThrowIfNull(KeepAlive, nameof(KeepAlive));
        ArgumentNullException.ThrowIfNull(DedicatedPool, nameof(DedicatedPool));
        ArgumentNullException.ThrowIfNull(Cluster, nameof(Cluster));
        ArgumentNullException.ThrowIfNull(Sentinel, nameof(Sentinel));
        Tls.Validate();
        Limits.Validate();
        Reconnect.Validate();
        Retry.Validate();
        KeepAlive.Validate();
        DedicatedPool.Validate();
        Cluster.Validate();
        Sentinel.Validate();
        ClientCache?.Validate();
    }

    private static void Require(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, option);
        }
    }

    private static void RequireTimeout(TimeSpan value, string option, bool allowZero)
    {
        bool inRange = (allowZero ? value >= TimeSpan.Zero : value > TimeSpan.Zero) && value <= LongestTimeout;
        string lower = allowZero ? "zero or more" : "more than zero";
        Require(inRange, option, $"{option} is {value}; it must be {lower} and at most {LongestTimeout}.");
    }

    private void ValidateEndpoints()
    {
        Require(Endpoints.Count > 0, nameof(Endpoints), "Endpoints is empty; give at least one server.");
        Require(Endpoints.All(endpoint => endpoint is not null), nameof(Endpoints), "Endpoints contains null.");
        bool anyUnix = Endpoints.Any(endpoint => endpoint.IsUnixSocket);
        Require(!anyUnix || Endpoints.Count == 1, nameof(Endpoints), "A unix socket endpoint must be the only endpoint.");
        Require(!anyUnix || Tls?.Enabled != true, nameof(Tls), $"TLS is enabled but {Endpoints[0]} is a unix socket; TLS is for TCP endpoints.");
    }
}
