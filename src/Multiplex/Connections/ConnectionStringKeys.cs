namespace Multiplex;

/// <summary>
/// The option keys a connection string accepts, in the URL query and in the comma-separated form
/// alike. Keys are case-insensitive; several have aliases, including StackExchange.Redis's names.
/// </summary>
internal static class ConnectionStringKeys
{
    /// <summary>Keys whose values are secrets: error messages never quote them.</summary>
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "password" };

    /// <summary>
    /// StackExchange.Redis keys accepted for compatibility and ignored. <c>abortConnect</c>: the
    /// client always keeps reconnecting in the background, and whether the first connect is awaited
    /// is chosen by <c>RedisClient.ConnectAsync</c> (awaited) or <c>RedisClient.Create</c> (in the
    /// background), not by the connection string. Its value must still be a boolean.
    /// </summary>
    private static readonly HashSet<string> IgnoredBooleanKeys = new(StringComparer.OrdinalIgnoreCase) { "abortConnect" };

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
            ["maxValueLength"] = (o, v) => o with { MaxValueLength = ConnectionStringValues.Int64(v) },
            ["libraryName"] = (o, v) => o with { LibraryName = v },
            ["allowAdmin"] = (o, v) => o with { AllowAdminCommands = ConnectionStringValues.Boolean(v) },
            ["tls"] = (o, v) => o with { Tls = o.Tls with { Enabled = ConnectionStringValues.Boolean(v) } },
            ["ssl"] = (o, v) => o with { Tls = o.Tls with { Enabled = ConnectionStringValues.Boolean(v) } },
            ["serverName"] = (o, v) => o with { Tls = o.Tls with { ServerName = v } },
            ["sslHost"] = (o, v) => o with { Tls = o.Tls with { ServerName = v } },
            ["caCertificatePath"] = (o, v) => o with { Tls = o.Tls with { CaCertificatePath = v } },
            ["clientCertificatePath"] = (o, v) => o with { Tls = o.Tls with { ClientCertificatePath = v } },
            ["clientKeyPath"] = (o, v) => o with { Tls = o.Tls with { ClientKeyPath = v } },
            ["sslProtocols"] = (o, v) => o with { Tls = o.Tls with { EnabledProtocols = ConnectionStringValues.Protocols(v) } },
            ["checkCertificateRevocation"] = (o, v) => o with { Tls = o.Tls with { CheckCertificateRevocation = ConnectionStringValues.Boolean(v) } },
            ["reconnectInitialDelay"] = (o, v) => o with { Reconnect = o.Reconnect with { InitialDelay = ConnectionStringValues.Duration(v) } },
            ["reconnectMaxDelay"] = (o, v) => o with { Reconnect = o.Reconnect with { MaxDelay = ConnectionStringValues.Duration(v) } },
            ["reconnectMultiplier"] = (o, v) => o with { Reconnect = o.Reconnect with { Multiplier = ConnectionStringValues.Double(v) } },
            ["reconnectJitter"] = (o, v) => o with { Reconnect = o.Reconnect with { Jitter = ConnectionStringValues.Double(v) } },
            ["dedicatedPoolSize"] = (o, v) => o with { DedicatedPool = o.DedicatedPool with { MaxSize = ConnectionStringValues.Int32(v) } },
            ["dedicatedLeaseTimeout"] = (o, v) => o with { DedicatedPool = o.DedicatedPool with { LeaseTimeout = ConnectionStringValues.Duration(v) } },
            ["dedicatedIdleTimeout"] = (o, v) => o with { DedicatedPool = o.DedicatedPool with { IdleTimeout = ConnectionStringValues.Duration(v) } },
            ["maxBulkLength"] = (o, v) => o with { Limits = o.Limits with { MaxBulkLength = ConnectionStringValues.Int64(v) } },
            ["maxAggregateLength"] = (o, v) => o with { Limits = o.Limits with { MaxAggregateLength = ConnectionStringValues.Int64(v) } },
            ["maxNestingDepth"] = (o, v) => o with { Limits = o.Limits with { MaxNestingDepth = ConnectionStringValues.Int32(v) } },
            ["maxLineLength"] = (o, v) => o with { Limits = o.Limits with { MaxLineLength = ConnectionStringValues.Int32(v) } },
        };

    /// <summary>Returns <paramref name="options"/> with the option <paramref name="key"/> set from <paramref name="value"/>.</summary>
    /// <exception cref="FormatException">The key is unknown, or the value is invalid (quoted unless secret).</exception>
    public static RedisClientOptions Apply(RedisClientOptions options, string key, string value)
    {
        try
        {
            if (IgnoredBooleanKeys.Contains(key))
            {
                ConnectionStringValues.Boolean(value);
                return options;
            }

            return Setters.TryGetValue(key, out Func<RedisClientOptions, string, RedisClientOptions>? setter)
                ? setter(options, value)
                : throw new FormatException($"Unknown connection string key '{key}'.");
        }
        catch (FormatException exception) when (Setters.ContainsKey(key) || IgnoredBooleanKeys.Contains(key))
        {
            string shown = SecretKeys.Contains(key) ? string.Empty : $" '{value}'";
            throw new FormatException($"Invalid value{shown} for connection string key '{key}': expected {exception.Message}.", exception);
        }
    }
}
