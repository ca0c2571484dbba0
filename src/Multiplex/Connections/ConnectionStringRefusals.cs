namespace Multiplex;

/// <summary>
/// Connection-string keys of other clients (StackExchange.Redis, redis-py URLs) that Multiplex
/// refuses, each with why and what to write instead. Refusing beats ignoring: a key that silently
/// did nothing would leave a migrated application believing it had a behaviour it does not have.
/// Messages name the key and never quote its value.
/// </summary>
internal static class ConnectionStringRefusals
{
    /// <summary>StackExchange.Redis's command renames and disables (<c>$INFO=</c>, <c>$SELECT=use</c>) start with this.</summary>
    private const char CommandMapPrefix = '$';

    private static readonly Dictionary<string, string> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        // StackExchange.Redis keys.
        ["abortConnect"] =
            "The connection string key 'abortConnect' (from StackExchange.Redis) is not supported: the call that makes the client "
            + "chooses whether the first connect is awaited. RedisClient.ConnectAsync waits for the connection and throws when it "
            + "cannot be made (like abortConnect=true); RedisClient.Create connects in the background and keeps retrying (like "
            + "abortConnect=false); with dependency injection, set ConnectOnStartup to FailFast or Background. Remove the key.",
        ["connectRetry"] =
            "The connection string key 'connectRetry' (from StackExchange.Redis) is not supported: Multiplex has no count of first "
            + "connect attempts. RedisClient.ConnectAsync makes one attempt and throws when it fails; RedisClient.Create keeps "
            + "retrying without limit, with the backoff set by reconnectInitialDelay and reconnectMaxDelay. Remove the key.",
        ["responseTimeout"] =
            "The connection string key 'responseTimeout' (from StackExchange.Redis, where it is obsolete) is not supported: "
            + "use commandTimeout (syncTimeout and asyncTimeout are read as commandTimeout too).",
        ["version"] =
            "The connection string key 'version' (from StackExchange.Redis) is not supported: Multiplex does not take the server's "
            + "version on trust; it asks the server (HELLO, falling back to RESP2 when HELLO is refused). Remove the key.",
        ["resolveDns"] =
            "The connection string key 'resolveDns' (from StackExchange.Redis) is not supported: Multiplex resolves host names on "
            + "every connect, so a changed DNS record is followed on reconnect. Remove the key.",
        ["channelPrefix"] =
            "The connection string key 'channelPrefix' (from StackExchange.Redis) is not supported: Multiplex does not rewrite "
            + "channel names. Put the prefix in the channel names you publish and subscribe to.",
        ["tiebreaker"] =
            "The connection string key 'tiebreaker' (from StackExchange.Redis) is not supported: Multiplex finds the primary among "
            + "several endpoints by asking each its ROLE, and follows it after a failover. Remove the key.",
        ["configChannel"] =
            "The connection string key 'configChannel' (from StackExchange.Redis) is not supported: Multiplex learns of a failover "
            + "from ROLE, from the sentinels (serviceName) or from the cluster (MOVED and slot-map reloads), not from a broadcast "
            + "channel. Remove the key.",
        ["proxy"] =
            "The connection string key 'proxy' (from StackExchange.Redis) is not supported: Multiplex talks to Redis servers, "
            + "clusters and sentinels directly and does not support Twemproxy or Envoy's Redis proxy. Remove the key "
            + "(proxy=None is the same as leaving it out).",
        ["tunnel"] =
            "The connection string key 'tunnel' (from StackExchange.Redis) is not supported: Multiplex connects over TCP, TLS or "
            + "a unix socket, not through an HTTP CONNECT tunnel. Remove the key.",
        ["highPrioritySocketThreads"] =
            "The connection string key 'highPrioritySocketThreads' (from StackExchange.Redis) is not supported: Multiplex has no "
            + "socket threads of its own; its reader and writer loops run on the thread pool. Remove the key.",
        ["writeBuffer"] =
            "The connection string key 'writeBuffer' (from StackExchange.Redis, where it is obsolete) is not supported: the writer "
            + "flushes once per batch of queued commands. Remove the key.",

        // redis-py URL query keys.
        ["decode_responses"] =
            "The connection string key 'decode_responses' (from redis-py) is not supported: Multiplex returns typed values "
            + "(RedisValue converts to string, byte[] or a number as you read it), so there is nothing to decode. Remove the key.",
        ["encoding"] =
            "The connection string key 'encoding' (from redis-py) is not supported: Multiplex reads and writes strings as UTF-8; "
            + "pass byte[] values for any other encoding. Remove the key.",
        ["retry_on_timeout"] =
            "The connection string key 'retry_on_timeout' (from redis-py) is not supported: Multiplex never resends a command "
            + "after a timeout, because it may have run. Catch RedisTimeoutException and retry where the command is safe to "
            + "repeat; use commandTimeout (or socket_timeout) to set the timeout. Remove the key.",
        ["single_connection_client"] =
            "The connection string key 'single_connection_client' (from redis-py) is not supported: every Multiplex client "
            + "multiplexes its commands over connectionsPerNode shared connections (default 1); set connectionsPerNode instead.",
        ["max_connections"] =
            "The connection string key 'max_connections' (from redis-py) is not supported: Multiplex has no connection pool for "
            + "ordinary commands; use connectionsPerNode for the shared connections and dedicatedPoolSize for the connections "
            + "blocking commands lease.",
    };

    /// <summary>Whether <paramref name="key"/> is refused, and if so the message that says what to use instead.</summary>
    public static bool TryGetReason(string key, out string reason)
    {
        if (key.Length > 1 && key[0] == CommandMapPrefix)
        {
            reason = $"The connection string key '{key}' (a StackExchange.Redis command rename) is not supported: Multiplex sends "
                + "every command by its standard name and cannot use a server that renamed or disabled one it needs. Remove the key; to keep "
                + "commands from being sent, use ACL rules on the server (admin commands are refused unless allowAdmin=true).";
            return true;
        }

        return Reasons.TryGetValue(key, out reason!);
    }
}
