using Microsoft.Extensions.Logging;
using Multiplex.Connections;
using Multiplex.Topology.Cluster;

namespace Multiplex.Topology.Sentinel;

/// <summary>
/// The topology of a primary watched by Redis Sentinel (<see cref="ServerMode.Sentinel"/>): the endpoints
/// are sentinels, asked in turn for the primary of the service (<c>SENTINEL GET-MASTER-ADDR-BY-NAME</c>),
/// whose answer is checked with ROLE before use. Every command goes to that one primary. The client
/// follows a failover as soon as any sentinel announces <c>+switch-master</c>, when the primary's
/// connection is lost, and when a write is refused with READONLY; from the switch on nothing more is
/// written to the old primary (https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/).
/// </summary>
internal sealed partial class SentinelTopology : ITopologyProvider, IRedirectHandler
{
    private static readonly RedisNode[] NoNodes = [];

    private readonly RedisClientOptions _options;
    private readonly NodeFactory _factory;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _service;
    private readonly CancellationTokenSource _disposing = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<RedisNode> _retiring = [];
    private RedisNode? _primary;
    private RedisNode[] _nodes = NoNodes;
    private int _disposed;

    public SentinelTopology(RedisClientOptions options, NodeFactory factory, ILogger logger, ILoggerFactory loggerFactory)
    {
        _options = options;
        _factory = factory;
        _logger = logger;
        _loggerFactory = loggerFactory;
        _service = options.Sentinel.ServiceName!;
        _sentinels = [.. options.Endpoints.Select(endpoint => new SentinelLink(endpoint))];
    }

    /// <inheritdoc />
    public event Action? Changed;

    /// <inheritdoc />
    public IReadOnlyList<RedisNode> Nodes => Volatile.Read(ref _nodes);

    /// <inheritdoc />
    public IReadOnlyList<RedisNode> Primaries => Primary is { } primary ? [primary] : NoNodes;

    /// <inheritdoc />
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public bool IsCluster => false;

    /// <summary>The primary in use; null until the sentinels named one.</summary>
    public RedisNode? Primary => Volatile.Read(ref _primary);

    /// <inheritdoc />
    public RedisNode PrimaryFor(int slot) => RequirePrimary();

    /// <inheritdoc />
    public RedisNode NodeFor(PendingCommand command) => RequirePrimary();

    /// <inheritdoc />
    public RedisNode NodeForKey(in RedisKey key) => RequirePrimary();

    /// <inheritdoc />
    public void Send(PendingCommand command, CancellationToken cancellationToken)
    {
        command.Redirects = this;
        if (ReplicaFor(command) is { } replica)
        {
            replica.Enqueue(command, cancellationToken);
            return;
        }

        SendToPrimary(command, cancellationToken);
    }

    /// <inheritdoc />
    public void SendUnit(PendingCommand unit, CancellationToken cancellationToken)
    {
        unit.Redirects = this;
        SendToPrimary(unit, cancellationToken);
    }

    /// <inheritdoc />
    public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
    {
    }

    /// <inheritdoc />
    public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            command.Redirects = this;
        }

        return Primary is { } primary
            ? StandaloneTopology.SendBatchTo(primary, commands, timeout, cancellationToken)
            : SendBatchOnceReadyAsync(commands, timeout, cancellationToken);
    }

    /// <inheritdoc />
    public void RequestRefresh() => RequestDiscovery();

    /// <summary>Closes the primary, the sentinel connections and the background work; parked commands fail as not sent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing.Cancel();
        ReadySignal.FailDisposed(_ready, $"The client was disposed before the sentinels ({string.Join(", ", _options.Endpoints)}) named the primary of {_service}.");

        FailParked("the client is disposed");
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await DisposeSentinelsAsync().ConfigureAwait(false);
        RedisNode[] nodes;
        lock (_lock)
        {
            nodes = [.. _nodes, .. _retiring];
            _nodes = NoNodes;
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RedisNode RequirePrimary() => Primary ?? throw new RedisConnectionException(
        $"The sentinels ({string.Join(", ", _options.Endpoints)}) have not named the primary of {_service} yet.", CommandOutcome.NotSent)
    { Endpoint = string.Join(", ", _options.Endpoints) };

    private async Task SendBatchOnceReadyAsync(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _ready.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RedisException)
        {
            var error = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? new RedisTimeoutException($"The batch of {commands.Count} commands was not sent within {timeout.TotalMilliseconds:0} ms: the sentinels have not named the primary of {_service}.", CommandOutcome.NotSent)
                : ex;
            commands.ForEach(command => command.Abandon(error));

            return;
        }

        await StandaloneTopology.SendBatchTo(Primary!, commands, timeout, cancellationToken).ConfigureAwait(false);
    }
}
