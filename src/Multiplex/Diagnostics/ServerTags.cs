using System.Collections.Concurrent;

namespace Multiplex.Diagnostics;

/// <summary>
/// A server's identity as telemetry attributes, made once per endpoint: its address, its port boxed
/// once (so recording it allocates nothing) and the pool name the conventions ask for
/// (<c>address:port</c>, as they suggest when a pool has no name of its own).
/// </summary>
internal sealed class ServerTags
{
    private static readonly ConcurrentDictionary<RedisEndpoint, ServerTags> Known = new();

    private ServerTags(RedisEndpoint endpoint)
    {
        Address = endpoint.Host ?? endpoint.UnixSocketPath!;
        Port = endpoint.IsUnixSocket ? null : endpoint.Port;
        PoolName = endpoint.ToString();
    }

    /// <summary><c>server.address</c>: the host, or the unix socket path.</summary>
    public string Address { get; }

    /// <summary><c>server.port</c>, boxed; null for a unix socket.</summary>
    public object? Port { get; }

    /// <summary><c>db.client.connection.pool.name</c>: the endpoint as text.</summary>
    public string PoolName { get; }

    /// <summary>The tags of <paramref name="endpoint"/> (one instance per endpoint, for the process).</summary>
    public static ServerTags For(RedisEndpoint endpoint) => Known.GetOrAdd(endpoint, static e => new ServerTags(e));
}
