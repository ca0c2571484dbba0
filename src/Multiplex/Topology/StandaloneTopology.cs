using Microsoft.Extensions.Logging;
using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>One server: a few long-lived connections to it, used in turn.</summary>
internal sealed class StandaloneTopology : ITopologyProvider
{
    private readonly Connection[] _connections;
    private readonly DedicatedConnectionPool _dedicated;
    private uint _next;

    public StandaloneTopology(RedisEndpoint endpoint, RedisClientOptions options, ILogger logger)
    {
        _dedicated = new DedicatedConnectionPool(endpoint, options);
        _connections = new Connection[options.ConnectionsPerNode];
        for (var i = 0; i < _connections.Length; i++)
        {
            _connections[i] = new Connection(endpoint, options, logger);
        }
    }

    public IReadOnlyList<Connection> Connections => _connections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connecting = new Task[_connections.Length];
        for (var i = 0; i < _connections.Length; i++)
        {
            connecting[i] = _connections[i].ConnectAsync(cancellationToken);
        }

        await Task.WhenAll(connecting).ConfigureAwait(false);
    }

    public void StartInBackground()
    {
        foreach (var connection in _connections)
        {
            connection.StartConnecting();
        }
    }

    public Connection Select(in RedisKey key) => SelectAny();

    public DedicatedConnectionPool SelectDedicated(in RedisKey key) => _dedicated;

    public Connection SelectAny() =>
        _connections.Length == 1 ? _connections[0] : _connections[Interlocked.Increment(ref _next) % (uint)_connections.Length];

    public async ValueTask DisposeAsync()
    {
        await _dedicated.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
