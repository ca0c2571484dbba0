using Multiplex.Connections;

namespace Multiplex.Topology;

/// <summary>
/// Maps commands to nodes. Standalone has one node; cluster (hash-slot map, MOVED/ASK) and sentinel
/// (primary discovery, failover) providers plug in here without anything above them changing: the
/// client, its batches, transactions, sessions, blocking commands and subscriptions all ask the
/// provider for a node, or hand it their commands to send.
/// </summary>
internal interface ITopologyProvider : IAsyncDisposable
{
    /// <summary>Every node the provider currently knows.</summary>
    public IReadOnlyList<RedisNode> Nodes { get; }

    /// <summary>The nodes that own the data: the one server, or a cluster's primaries (the seed until the map is loaded).</summary>
    public IReadOnlyList<RedisNode> Primaries { get; }

    /// <summary>
    /// Completes once the client can serve commands as the deployment needs: every connection of the
    /// node(s) has connected once (in a cluster, after the slot map was loaded). Faults when the client is
    /// disposed first.
    /// </summary>
    public Task Ready { get; }

    /// <summary>Whether commands are routed by hash slot (a cluster): shard channels then need one slot per command.</summary>
    public bool IsCluster { get; }

    /// <summary>
    /// Raised after the slot map changed (a slot got a new owner, or nodes were added or retired), on
    /// whichever thread changed it, a reader loop included: handlers must return at once. Never raised
    /// outside a cluster.
    /// </summary>
    public event Action? Changed;

    /// <summary>The primary that owns <paramref name="slot"/>: the one server outside a cluster.</summary>
    public RedisNode PrimaryFor(int slot);

    /// <summary>Asks for the slot map to be reloaded soon (rate-limited); does nothing outside a cluster.</summary>
    public void RequestRefresh();

    /// <summary>Connects to the initial node(s); throws when none can be reached.</summary>
    public Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts connecting in the background, retrying with backoff until connected or disposed.</summary>
    public void StartInBackground();

    /// <summary>The node a command (or a unit) goes to, by its route (<see cref="Commands.CommandSpec.Route"/>) and its first key.</summary>
    public RedisNode NodeFor(PendingCommand command);

    /// <summary>The node that owns <paramref name="key"/>; any node when the key is null (sessions, WATCH, MONITOR).</summary>
    public RedisNode NodeForKey(in RedisKey key);

    /// <summary>
    /// Sends one command of the client's: to its node, or to several nodes with the replies combined,
    /// as its route says. A command that cannot be sent as asked (keys across slots) fails, unsent.
    /// </summary>
    public void Send(PendingCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Throws a <see cref="RedisCrossSlotException"/> when <paramref name="keys"/> and the keys of
    /// <paramref name="commands"/> are not all in one hash slot of a cluster (WATCH and the transaction it
    /// guards must be); does nothing outside a cluster.
    /// </summary>
    public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what);

    /// <summary>Sends a MULTI/EXEC unit to the node its keys belong to; it fails, unsent, when they span nodes' slots.</summary>
    public void SendUnit(PendingCommand unit, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a batch: one contiguous write per node the commands go to. The task completes when every
    /// command has its outcome.
    /// </summary>
    public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken);
}
