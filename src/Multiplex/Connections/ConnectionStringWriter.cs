using System.Globalization;
using System.Text;

namespace Multiplex;

/// <summary>
/// Writes <see cref="RedisClientOptions"/> as a <c>redis://</c>, <c>rediss://</c> or <c>unix://</c>
/// URL that <see cref="ConnectionStringParser"/> reads back to equal options. Only options that
/// differ from their defaults are written.
/// </summary>
internal static class ConnectionStringWriter
{
    /// <summary>What stands in for a password that is not to be shown.</summary>
    public const string RedactedPassword = "***";

    private static readonly RedisClientOptions Defaults = new();

    private static readonly (string Key, Func<RedisClientOptions, string?> Value)[] QueryOptions =
    [
        ("protocol", Differs(o => o.Protocol, ConnectionStringValues.FormatProtocol)),
        ("mode", Differs(o => o.Mode, ConnectionStringValues.FormatMode)),
        ("maxRedirects", Differs(o => o.Cluster.MaxRedirects, Number)),
        ("clusterRefreshInterval", Differs(o => o.Cluster.RefreshInterval, ConnectionStringValues.FormatDuration)),
        ("replicaReads", Differs(o => o.Cluster.ReplicaReads, ConnectionStringValues.FormatReplicaReads)),
        ("serviceName", Differs(o => o.Sentinel.ServiceName, name => name!)),
        ("sentinelUser", Differs(o => o.Sentinel.User, name => name!)),
        ("sentinelTls", Differs(o => o.Sentinel.UseTls, useTls => Boolean(useTls!.Value))),
        ("clientName", Differs(o => o.ClientName, name => name!)),
        ("connectTimeout", Differs(o => o.ConnectTimeout, ConnectionStringValues.FormatDuration)),
        ("commandTimeout", Differs(o => o.CommandTimeout, ConnectionStringValues.FormatDuration)),
        ("connectionsPerNode", Differs(o => o.ConnectionsPerNode, Number)),
        ("maxPendingCommands", Differs(o => o.MaxPendingCommands, Number)),
        ("whileDisconnected", Differs(o => o.WhileDisconnected, ConnectionStringValues.FormatWhileDisconnected)),
        ("heartbeatInterval", Differs(o => o.HeartbeatInterval, ConnectionStringValues.FormatDuration)),
        ("heartbeatTimeout", Differs(o => o.HeartbeatTimeout, ConnectionStringValues.FormatDuration)),
        ("setClientInfo", Differs(o => o.SetClientInfo, Boolean)),
        ("libraryName", Differs(o => o.LibraryName, name => name)),
        ("noEvict", Differs(o => o.NoEvict, Boolean)),
        ("noTouch", Differs(o => o.NoTouch, Boolean)),
        ("maintNotifications", Differs(o => o.MaintenanceNotifications, Boolean)),
        ("maxValueLength", Differs(o => o.MaxValueLength, Number)),
        ("allowAdmin", Differs(o => o.AllowAdminCommands, Boolean)),
        ("queryText", Differs(o => o.QueryTextCapture, ConnectionStringValues.FormatQueryText)),
        ("serverName", Differs(o => o.Tls.ServerName, name => name!)),
        ("caCertificatePath", Differs(o => o.Tls.CaCertificatePath, path => path!)),
        ("clientCertificatePath", Differs(o => o.Tls.ClientCertificatePath, path => path!)),
        ("clientKeyPath", Differs(o => o.Tls.ClientKeyPath, path => path!)),
        ("caCertificateDirectory", Differs(o => o.Tls.CaCertificateDirectory, path => path!)),
        ("cipherSuites", o => o.Tls.CipherSuites is { } suites ? ConnectionStringValues.FormatCipherSuites(suites) : null),
        ("insecureSkipServerNameCheck", Differs(o => o.Tls.InsecureSkipServerNameCheck, Boolean)),
        ("insecureSkipCertificateChainCheck", Differs(o => o.Tls.InsecureSkipCertificateChainCheck, Boolean)),
        ("sslProtocols", Differs(o => o.Tls.EnabledProtocols, ConnectionStringValues.FormatProtocols)),
        ("certificateRevocation", Differs(o => o.Tls.CertificateRevocation, ConnectionStringValues.FormatRevocationMode)),
        ("certificateRevocationListPath", Differs(o => o.Tls.CertificateRevocationListPath, path => path!)),
        ("tcpKeepAlive", Differs(o => o.KeepAlive.Idle, ConnectionStringValues.FormatDuration)),
        ("tcpKeepAliveInterval", Differs(o => o.KeepAlive.Interval, ConnectionStringValues.FormatDuration)),
        ("tcpKeepAliveProbes", Differs(o => o.KeepAlive.Probes, Number)),
        ("reconnectInitialDelay", Differs(o => o.Reconnect.InitialDelay, ConnectionStringValues.FormatDuration)),
        ("reconnectMaxDelay", Differs(o => o.Reconnect.MaxDelay, ConnectionStringValues.FormatDuration)),
        ("reconnectMultiplier", Differs(o => o.Reconnect.Multiplier, Number)),
        ("reconnectJitter", Differs(o => o.Reconnect.Jitter, Number)),
        ("retryAttempts", Differs(o => o.Retry.MaxAttempts, Number)),
        ("retryMode", Differs(o => o.Retry.Mode, ConnectionStringValues.FormatRetryMode)),
        ("dedicatedPoolSize", Differs(o => o.DedicatedPool.MaxSize, Number)),
        ("dedicatedLeaseTimeout", Differs(o => o.DedicatedPool.LeaseTimeout, ConnectionStringValues.FormatDuration)),
        ("dedicatedIdleTimeout", Differs(o => o.DedicatedPool.IdleTimeout, ConnectionStringValues.FormatDuration)),
        ("maxBulkLength", Differs(o => o.Limits.MaxBulkLength, Number)),
        ("maxAggregateLength", Differs(o => o.Limits.MaxAggregateLength, Number)),
        ("maxNestingDepth", Differs(o => o.Limits.MaxNestingDepth, Number)),
        ("maxLineLength", Differs(o => o.Limits.MaxLineLength, Number)),
    ];

    public static string Write(RedisClientOptions options, bool includePassword)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool unix = options.Endpoints.Count > 0 && options.Endpoints[0].IsUnixSocket;
        var query = new List<string>();
        var text = new StringBuilder(unix ? "unix://" : options.Tls.Enabled ? "rediss://" : "redis://");
        AppendUserInfo(text, options, includePassword);
        if (unix)
        {
            string[] segments = options.Endpoints[0].UnixSocketPath!.Split('/');
            text.AppendJoin('/', segments.Select(Uri.EscapeDataString));
            AddIf(query, "db", options.Database != 0, Number(options.Database));
            AddIf(query, "tls", options.Tls.Enabled, "true");
        }
        else
        {
            text.AppendJoin(',', options.Endpoints);
            text.Append(options.Database != 0 ? "/" + Number(options.Database) : string.Empty);
        }

        foreach ((string key, Func<RedisClientOptions, string?> value) in QueryOptions)
        {
            string? written = value(options);
            AddIf(query, key, written is not null, written);
        }

        if (options.Sentinel.Password is { } sentinelPassword)
        {
            query.Add("sentinelPassword=" + (includePassword ? Uri.EscapeDataString(sentinelPassword) : RedactedPassword));
        }

        if (options.Tls.ClientKeyPassword is { } keyPassword)
        {
            query.Add("clientKeyPassword=" + (includePassword ? Uri.EscapeDataString(keyPassword) : RedactedPassword));
        }

        return query.Count == 0 ? text.ToString() : text.Append('?').AppendJoin('&', query).ToString();
    }

    private static void AppendUserInfo(StringBuilder text, RedisClientOptions options, bool includePassword)
    {
        if (options.User is null && options.Password is null)
        {
            return;
        }

        text.Append(Uri.EscapeDataString(options.User ?? string.Empty));
        if (options.Password is not null)
        {
            text.Append(':').Append(includePassword ? Uri.EscapeDataString(options.Password) : RedactedPassword);
        }

        text.Append('@');
    }

    private static void AddIf(List<string> query, string key, bool condition, string? value)
    {
        if (condition)
        {
            query.Add(key + "=" + Uri.EscapeDataString(value!));
        }
    }

    private static Func<RedisClientOptions, string?> Differs<T>(Func<RedisClientOptions, T> get, Func<T, string> format) =>
        options => EqualityComparer<T>.Default.Equals(get(options), get(Defaults)) ? null : format(get(options));

    private static string Number<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Boolean(bool value) => value ? "true" : "false";
}
