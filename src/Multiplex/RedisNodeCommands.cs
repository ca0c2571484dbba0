using Multiplex.Topology;
using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// The commands of one server of the deployment, from <see cref="RedisClient.GetNodes"/>: each command goes
/// to this server as it is, on the client's own connections to it, wherever its keys belong (a node of a
/// cluster answers MOVED for keys of slots it does not own). For per-server commands: INFO, SLOWLOG,
/// CLIENT LIST, CONFIG GET, DBSIZE or SCAN of one node.
/// </summary>
public sealed class RedisNodeCommands : RedisInteractiveCommands
{
    private readonly RedisNode _node;

    internal RedisNodeCommands(RedisClientOptions options, RedisNode node, KeyPrefixer? prefixer = null)
        : base(options, new NodeSink(node), prefixer)
    {
        _node = node;
    }

    /// <summary>The server's endpoint.</summary>
    public RedisEndpoint Endpoint => _node.Endpoint;

    /// <summary>Whether the client's connections to this server are up.</summary>
    public bool IsConnected => _node.IsConnected;

    /// <summary>Whether the client uses this server as a replica (for reads), not as a primary.</summary>
    public bool IsReplica => _node.Role == NodeRole.Replica;

    /// <summary>
    /// MONITOR on this server alone: streams every command it executes until the enumeration stops, on
    /// a dedicated connection that is closed afterwards (as <see cref="RedisClient.MonitorAsync"/>, which
    /// watches one node of a cluster). An admin command: needs <see cref="RedisClientOptions.AllowAdminCommands"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops the stream and closes the connection.</param>
    /// <returns>The commands, in the order the server executed them.</returns>
    /// <exception cref="InvalidOperationException">Admin commands are not allowed.</exception>
    public IAsyncEnumerable<MonitorEntry> MonitorAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfAdminDisabled(Commands.Blocking.BlockingTokens.Monitor.Name);
        return Commands.Server.MonitorStream.ReadAsync(_ => _node.Dedicated, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => _node.EndpointText;

    /// <summary>SCAN of this server alone, for a cluster client's walk over its primaries.</summary>
    internal IAsyncEnumerable<RedisKey> ScanPagesOfAsync(RedisValue pattern, int? pageSize, string? typeName, CancellationToken cancellationToken) =>
        ScanPagesAsync(pattern, pageSize, typeName, cancellationToken);
}
