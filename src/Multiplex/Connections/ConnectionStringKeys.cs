namespace Multiplex;

/// <summary>
/// The option keys a connection string accepts, in the URL query and in the comma-separated form
/// alike. Keys are case-insensitive; several have aliases, including StackExchange.Redis's names and
/// redis-py's URL query keys, read in their own units (seconds where those clients count seconds).
/// Keys of those clients that have no equivalent here are refused by <see cref="ConnectionStringRefusals"/>.
/// </summary>
internal static class ConnectionStringKeys
{
    /// <summary>Keys whose values are secrets: error messages never quote them.</summary>
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "password", "sentinelPassword", "clientKeyPassword", "ssl_password" };

    private static readonly Dictionary<string, Func<RedisClientOptions, string, RedisClientOptions>> Setters =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["user"] = (o, v) => o with { User = v.Length == 0 ? null : v },
            ["username"] = (o, v) => o with { User = v.Length == 0 ? null : v },
            ["password"] = (o, v) => o with { Password = v },
            ["database"] = (o, v) => o with { Database = ConnectionStringValues.Int32(v) },
            ["db"] = (o, v) => o with { Database = ConnectionStringValues.Int32(v) },
            ["defaultDatabase"] = (o, v) => o with { Database = ConnectionStringValues.Int32(v) },
            ["protocol"] = (o, v) => o with { Protocol = ConnectionStringValues.Protocol(v) },
            ["mode"] = (o, v) => o with { Mode = ConnectionStringValues.Mode(v) },
            ["maxRedirects"] = (o, v) => o with { Cluster = o.Cluster with { MaxRedirects = ConnectionStringValues.Int32(v) } },
            ["clusterRefreshInterval"] = (o, v) => o with { Cluster = o.Cluster with { RefreshInterval = ConnectionStringValues.Duration(v) } },
            ["replicaReads"] = (o, v) => o with { Cluster = o.Cluster with { ReplicaReads = ConnectionStringValues.ReplicaReads(v) } },
            ["serviceName"] = (o, v) => o with { Sentinel = o.Sentinel with { ServiceName = v.Length == 0 ? null : v } },
            ["sentinelUser"] = (o, v) => o with { Sentinel = o.Sentinel with { User = v.Length == 0 ? null : v } },
            ["sentinelPassword"] = (o, v) => o with { Sentinel = o.Sentinel with { Password = v } },
            ["sentinelTls"] = (o, v) => o with { Sentinel = o.Sentinel with { UseTls = ConnectionStringValues.Boolean(v) } },
            ["clientName"] = (o, v) => o with { ClientName = v },
            ["name"] = (o, v) => o with { ClientName = v },
            ["connectTimeout"] = (o, v) => o with { ConnectTimeout = ConnectionStringValues.Duration(v) },
            ["commandTimeout"] = (o, v) => o with { CommandTimeout = ConnectionStringValues.Duration(v) },
            ["syncTimeout"] = (o, v) => o with { CommandTimeout = ConnectionStringValues.Duration(v) },
            ["asyncTimeout"] = (o, v) => o with { CommandTimeout = ConnectionStringValues.Duration(v) },
            ["connectionsPerNode"] = (o, v) => o with { ConnectionsPerNode = ConnectionStringValues.Int32(v) },
            ["maxPendingCommands"] = (o, v) => o with { MaxPendingCommands = ConnectionStringValues.Int32(v) },
            ["whileDisconnected"] = (o, v) => o with { WhileDisconnected = ConnectionStringValues.WhileDisconnected(v) },
            ["heartbeatInterval"] = (o, v) => o with { HeartbeatInterval = ConnectionStringValues.Duration(v) },
            ["heartbeat"] = (o, v) => o with { HeartbeatInterval = ConnectionStringValues.Duration(v) },
            ["heartbeatTimeout"] = (o, v) => o with { HeartbeatTimeout = ConnectionStringValues.Duration(v) },
            ["setClientInfo"] = (o, v) => o with { SetClientInfo = ConnectionStringValues.Boolean(v) },
            ["noEvict"] = (o, v) => o with { NoEvict = ConnectionStringValues.Boolean(v) },
            ["noTouch"] = (o, v) => o with { NoTouch = ConnectionStringValues.Boolean(v) },
            ["maintNotifications"] = (o, v) => o with { MaintenanceNotifications = ConnectionStringValues.Boolean(v) },
            ["maxValueLength"] = (o, v) => o with { MaxValueLength = ConnectionStringValues.Int64(v) },
            ["libraryName"] = (o, v) => o with { LibraryName = v },
            ["allowAdmin"] = (o, v) => o with { AllowAdminCommands = ConnectionStringValues.Boolean(v) },
            ["queryText"] = (o, v) => o with { QueryTextCapture = ConnectionStringValues.QueryText(v) },
            ["tls"] = (o, v) => o with { Tls = o.Tls with { Enabled = ConnectionStringValues.Boolean(v) } },
            ["ssl"] = (o, v) => o with { Tls = o.Tls with { Enabled = ConnectionStringValues.Boolean(v) } },
            ["serverName"] = (o, v) => o with { Tls = o.Tls with { ServerName = v } },
            ["sslHost"] = (o, v) => o with { Tls = o.Tls with { ServerName = v } },
            ["caCertificatePath"] = (o, v) => o with { Tls = o.Tls with { CaCertificatePath = v } },
            ["clientCertificatePath"] = (o, v) => o with { Tls = o.Tls with { ClientCertificatePath = v } },
            ["clientKeyPath"] = (o, v) => o with { Tls = o.Tls with { ClientKeyPath = v } },
            ["clientKeyPassword"] = (o, v) => o with { Tls = o.Tls with { ClientKeyPassword = v } },
            ["caCertificateDirectory"] = (o, v) => o with { Tls = o.Tls with { CaCertificateDirectory = v } },
            ["cipherSuites"] = (o, v) => o with { Tls = o.Tls with { CipherSuites = ConnectionStringValues.CipherSuites(v) } },
            ["insecureSkipServerNameCheck"] = (o, v) => o with { Tls = o.Tls with { InsecureSkipServerNameCheck = ConnectionStringValues.Boolean(v) } },
            ["insecureSkipCertificateChainCheck"] = (o, v) => o with { Tls = o.Tls with { InsecureSkipCertificateChainCheck = ConnectionStringValues.Boolean(v) } },
            ["sslProtocols"] = (o, v) => o with { Tls = o.Tls with { EnabledProtocols = ConnectionStringValues.Protocols(v) } },
            ["certificateRevocation"] = (o, v) => o with { Tls = o.Tls with { CertificateRevocation = ConnectionStringValues.RevocationMode(v) } },
            ["certificateRevocationListPath"] = (o, v) => o with { Tls = o.Tls with { CertificateRevocationListPath = v.Length == 0 ? null : v } },
            ["checkCertificateRevocation"] = (o, v) => o with { Tls = o.Tls with { CertificateRevocation = ConnectionStringValues.Boolean(v) ? TlsRevocationMode.Online : TlsRevocationMode.Off } },
            ["tcpKeepAlive"] = (o, v) => o with { KeepAlive = o.KeepAlive with { Idle = ConnectionStringValues.Duration(v) } },
            ["tcpKeepAliveInterval"] = (o, v) => o with { KeepAlive = o.KeepAlive with { Interval = ConnectionStringValues.Duration(v) } },
            ["tcpKeepAliveProbes"] = (o, v) => o with { KeepAlive = o.KeepAlive with { Probes = ConnectionStringValues.Int32(v) } },
            ["reconnectInitialDelay"] = (o, v) => o with { Reconnect = o.Reconnect with { InitialDelay = ConnectionStringValues.Duration(v) } },
            ["reconnectMaxDelay"] = (o, v) => o with { Reconnect = o.Reconnect with { MaxDelay = ConnectionStringValues.Duration(v) } },
            ["reconnectMultiplier"] = (o, v) => o with { Reconnect = o.Reconnect with { Multiplier = ConnectionStringValues.Double(v) } },
            ["reconnectJitter"] = (o, v) => o with { Reconnect = o.Reconnect with { Jitter = ConnectionStringValues.Double(v) } },
            ["retryAttempts"] = (o, v) => o with { Retry = o.Retry with { MaxAttempts = ConnectionStringValues.Int32(v) } },
            ["retryMode"] = (o, v) => o with { Retry = o.Retry with { Mode = ConnectionStringValues.RetryMode(v) } },
            ["dedicatedPoolSize"] = (o, v) => o with { DedicatedPool = o.DedicatedPool with { MaxSize = ConnectionStringValues.Int32(v) } },
            ["dedicatedLeaseTimeout"] = (o, v) => o with { DedicatedPool = o.DedicatedPool with { LeaseTimeout = ConnectionStringValues.Duration(v) } },
            ["dedicatedIdleTimeout"] = (o, v) => o with { DedicatedPool = o.DedicatedPool with { IdleTimeout = ConnectionStringValues.Duration(v) } },
            ["maxBulkLength"] = (o, v) => o with { Limits = o.Limits with { MaxBulkLength = ConnectionStringValues.Int64(v) } },
            ["maxAggregateLength"] = (o, v) => o with { Limits = o.Limits with { MaxAggregateLength = ConnectionStringValues.Int64(v) } },
            ["maxNestingDepth"] = (o, v) => o with { Limits = o.Limits with { MaxNestingDepth = ConnectionStringValues.Int32(v) } },
            ["maxLineLength"] = (o, v) => o with { Limits = o.Limits with { MaxLineLength = ConnectionStringValues.Int32(v) } },

            // StackExchange.Redis keys, in its units: keepAlive and configCheckSeconds count seconds.
            ["keepAlive"] = (o, v) => o with { HeartbeatInterval = ConnectionStringValues.Seconds(v) },
            ["configCheckSeconds"] = (o, v) => o with { Cluster = o.Cluster with { RefreshInterval = ConnectionStringValues.Seconds(v) } },
            ["setlib"] = (o, v) => o with { SetClientInfo = ConnectionStringValues.Boolean(v) },

            // redis-py URL query keys, in its units: timeouts and intervals count seconds.
            ["socket_timeout"] = (o, v) => o with { CommandTimeout = ConnectionStringValues.Seconds(v) },
            ["socket_connect_timeout"] = (o, v) => o with { ConnectTimeout = ConnectionStringValues.Seconds(v) },
            ["health_check_interval"] = (o, v) => o with { HeartbeatInterval = ConnectionStringValues.Seconds(v) },
            ["client_name"] = (o, v) => o with { ClientName = v },
            ["socket_keepalive"] = (o, v) => o with { KeepAlive = KeepAliveSwitched(o.KeepAlive, ConnectionStringValues.Boolean(v)) },
            ["ssl_ca_certs"] = (o, v) => o with { Tls = o.Tls with { CaCertificatePath = v } },
            ["ssl_certfile"] = (o, v) => o with { Tls = o.Tls with { ClientCertificatePath = v } },
            ["ssl_keyfile"] = (o, v) => o with { Tls = o.Tls with { ClientKeyPath = v } },
            ["ssl_password"] = (o, v) => o with { Tls = o.Tls with { ClientKeyPassword = v } },
            ["ssl_ca_path"] = (o, v) => o with { Tls = o.Tls with { CaCertificateDirectory = v } },
            ["ssl_ciphers"] = (o, v) => o with { Tls = o.Tls with { CipherSuites = ConnectionStringValues.CipherSuites(v) } },
            ["ssl_ocsp"] = (o, v) => o with { Tls = o.Tls with { CertificateRevocation = ConnectionStringValues.Boolean(v) ? TlsRevocationMode.Online : TlsRevocationMode.Off } },

            // CERT_NONE verifies nothing, so neither the chain nor the name (Python refuses CERT_NONE with hostname checks on).
            ["ssl_cert_reqs"] = (o, v) => ConnectionStringValues.ServerCertificateChecked(v)
                ? o
                : o with { Tls = o.Tls with { InsecureSkipCertificateChainCheck = true, InsecureSkipServerNameCheck = true } },
            ["ssl_check_hostname"] = (o, v) => o with { Tls = o.Tls with { InsecureSkipServerNameCheck = !ConnectionStringValues.Boolean(v) } },
        };

    /// <summary>
    /// Keepalive turned on (at the default idle time unless one is set) or off, for redis-py's
    /// <c>socket_keepalive</c>; the interval and probe count are kept.
    /// </summary>
    private static KeepAliveOptions KeepAliveSwitched(KeepAliveOptions keepAlive, bool enabled) => enabled
        ? keepAlive.Enabled ? keepAlive : keepAlive with { Idle = KeepAliveOptions.Default.Idle }
        : keepAlive with { Idle = TimeSpan.Zero };

    /// <summary>Whether the value of <paramref name="key"/> is a secret that messages never quote.</summary>
    public static bool IsSecret(string key) => SecretKeys.Contains(key);

    /// <summary>Returns <paramref name="options"/> with the option <paramref name="key"/> set from <paramref name="value"/>.</summary>
    /// <exception cref="FormatException">The key is unknown or refused (the message says what to use instead), or the value is invalid (quoted unless secret).</exception>
    public static RedisClientOptions Apply(RedisClientOptions options, string key, string value)
    {
        if (ConnectionStringRefusals.TryGetReason(key, out string refusal))
        {
            throw new FormatException(refusal);
        }

        try
        {
            return Setters.TryGetValue(key, out Func<RedisClientOptions, string, RedisClientOptions>? setter)
                ? setter(options, value)
                : throw new FormatException($"Unknown connection string key '{key}'.");
        }
        catch (FormatException exception) when (Setters.ContainsKey(key))
        {
            string shown = IsSecret(key) ? string.Empty : $" '{value}'";
            throw new FormatException($"Invalid value{shown} for connection string key '{key}': expected {exception.Message}.", exception);
        }
    }
}
