using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>
/// Decides where a command goes. Standalone has one node; cluster (hash-slot map, MOVED/ASK) and
/// sentinel (primary discovery, failover) providers plug in here without the client changing.
/// </summary>
internal interface ITopologyProvider : IAsyncDisposable
{
    /// <summary>Every connection the provider currently owns.</summary>
    public IReadOnlyList<Connection> Connections { get; }

    /// <summary>Connects to the initial node(s); throws when none can be reached.</summary>
    public Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts connecting to the initial node(s) in the background, retrying with backoff until connected or disposed.</summary>
    public void StartInBackground();

    /// <summary>The connection for a command that touches <paramref name="key"/>.</summary>
    public Connection Select(in RedisKey key);

    /// <summary>The connection for a command that touches no key.</summary>
    public Connection SelectAny();

    /// <summary>The pool of dedicated connections (blocking commands, WATCH) of the node that owns <paramref name="key"/>.</summary>
    public DedicatedConnectionPool SelectDedicated(in RedisKey key);
}
