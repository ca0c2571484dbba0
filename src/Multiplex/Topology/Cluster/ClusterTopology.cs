using Microsoft.Extensions.Logging;
using Multiplex.Connections;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// The topology of a client whose mode is <see cref="ServerMode.Auto"/> or <see cref="ServerMode.Cluster"/>:
/// it connects to a seed, finds out whether the server is a cluster node, and then either sends
/// everything to that one server (a standalone server found in Auto mode) or follows the cluster: a
/// slot map from <c>CLUSTER SHARDS</c>, one <see cref="RedisNode"/> per server, each command to the
/// primary owning its keys' slot, redirections (MOVED, ASK, TRYAGAIN, CLUSTERDOWN) followed without the
/// caller seeing them, and the map reloaded when it proves stale
/// (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/).
/// </summary>
internal sealed partial class ClusterTopology : ITopologyProvider, IRedirectHandler
{
    private const int ModeUnknown = 0;
    private const int ModeStandalone = 1;
    private const int ModeCluster = 2;

    private readonly RedisClientOptions _options;
    private readonly ClusterOptions _cluster;
    private readonly NodeFactory _factory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposing = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RedisNode _seed;
    private int _mode;
    private int _disposed;
    private Task? _background;

    public ClusterTopology(RedisClientOptions options, NodeFactory factory, ILogger logger)
    {
        _options = options;
        _cluster = options.Cluster;
        _factory = factory;
        _logger = logger;
        foreach (var endpoint in options.Endpoints)
        {
            GetOrAddNode(endpoint, NodeRole.Primary, out _);
        }

        _seed = _byEndpoint[options.Endpoints[0]];
    }

    /// <summary>Whether the server turned out to be a cluster node.</summary>
    public bool IsCluster => Volatile.Read(ref _mode) == ModeCluster;

    /// <summary>Whether the mode is known yet (false while a client made by Create is still connecting).</summary>
    public bool IsModeKnown => Volatile.Read(ref _mode) != ModeUnknown;

    /// <inheritdoc />
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = await ConnectToASeedAsync(cancellationToken).ConfigureAwait(false);
        await DetectModeAsync(seed, connecting: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void StartInBackground()
    {
        foreach (var node in Nodes)
        {
            node.StartInBackground();
        }

        _background = BackgroundWork.Run(DetectInBackgroundAsync);
    }

    /// <inheritdoc />
    public RedisNode NodeFor(PendingCommand command)
    {
        if (Volatile.Read(ref _mode) != ModeCluster)
        {
            return _seed;
        }

        var source = command.KeySource;
        var frame = source.Encoded;
        return source.Command.Keys.TryFindFirstKey(frame, out var key)
            ? NodeForSlot(HashSlot.Of(frame[key]), source.Command)
            : AnyPrimary();
    }

    /// <inheritdoc />
    public RedisNode PrimaryFor(int slot) => Volatile.Read(ref _mode) == ModeCluster ? PrimaryForSlot(slot) : _seed;

    /// <inheritdoc />
    public RedisNode NodeForKey(in RedisKey key)
    {
        if (Volatile.Read(ref _mode) != ModeCluster || key.IsNull)
        {
            return Volatile.Read(ref _mode) == ModeCluster ? AnyPrimary() : _seed;
        }

        return PrimaryForSlot(HashSlot.Of((byte[])key!));
    }

    /// <inheritdoc />
    public void Send(PendingCommand command, CancellationToken cancellationToken)
    {
        var mode = Volatile.Read(ref _mode);
        if (mode == ModeStandalone)
        {
            if (FollowsRole)
            {
                command.Redirects = this;
            }

            _seed.Enqueue(command, cancellationToken);
            return;
        }

        command.Redirects = this;
        if (mode == ModeUnknown)
        {
            // Still connecting (a client made by Create): the seed takes everything, and a MOVED reply is
            // followed like any other once it comes.
            _seed.Enqueue(command, cancellationToken);
            return;
        }

        var spec = command.Command;
        if (spec.Route is RouteKind.AllPrimaries or RouteKind.AllNodes)
        {
            _ = FanOut(command, cancellationToken);
            return;
        }

        var slot = spec.Keys.SlotOf(command.Encoded);
        if (slot == HashSlot.CrossSlot)
        {
            if (spec.Route == RouteKind.SplitBySlot)
            {
                _ = Split(command, cancellationToken);
                return;
            }

            RefuseCrossSlot(command, [command]);
            return;
        }

        var node = slot >= 0 ? NodeForSlot(slot, spec) : AnyPrimary();
        node.Enqueue(command, cancellationToken);
    }

    /// <inheritdoc />
    public void SendUnit(PendingCommand unit, CancellationToken cancellationToken)
    {
        var mode = Volatile.Read(ref _mode);
        if (mode != ModeCluster)
        {
            _seed.Enqueue(unit, cancellationToken);
            return;
        }

        var slot = SlotOfParts(unit.Parts ?? [unit]);
        if (slot == HashSlot.CrossSlot)
        {
            RefuseCrossSlot(unit, unit.Parts ?? [unit]);
            return;
        }

        var node = slot >= 0 ? PrimaryForSlot(slot) : AnyPrimary();

        // A transaction whose commands answer MOVED is aborted by the server (nothing ran) and sent again.
        unit.Redirects = this;
        node.Enqueue(unit, cancellationToken);
    }

    /// <inheritdoc />
    public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mode = Volatile.Read(ref _mode);
        if (mode == ModeStandalone)
        {
            foreach (var command in FollowsRole ? commands : [])
            {
                command.Redirects = this;
            }

            return StandaloneTopology.SendBatchTo(_seed, commands, timeout, cancellationToken);
        }

        foreach (var command in commands)
        {
            command.Redirects = this;
        }

        if (mode == ModeUnknown)
        {
            return StandaloneTopology.SendBatchTo(_seed, commands, timeout, cancellationToken);
        }

        // One contiguous write per node; commands that go to several nodes are sent on their own.
        var byNode = new Dictionary<RedisNode, List<PendingCommand>>(ReferenceEqualityComparer.Instance);
        var completions = new List<Task>();
        foreach (var command in commands)
        {
            var spec = command.Command;
            var slot = spec.Keys.SlotOf(command.Encoded);
            if (spec.Route is RouteKind.AllPrimaries or RouteKind.AllNodes || (slot == HashSlot.CrossSlot && spec.Route == RouteKind.SplitBySlot))
            {
                completions.Add(spec.Route == RouteKind.SplitBySlot ? Split(command, cancellationToken) : FanOut(command, cancellationToken));
                continue;
            }

            if (slot == HashSlot.CrossSlot)
            {
                RefuseCrossSlot(command, [command]);
                continue;
            }

            var node = slot >= 0 ? NodeForSlot(slot, spec) : AnyPrimary();
            if (!byNode.TryGetValue(node, out var list))
            {
                byNode[node] = list = [];
            }

            list.Add(command);
        }

        foreach (var (node, list) in byNode)
        {
            completions.Add(StandaloneTopology.SendBatchTo(node, list, timeout, cancellationToken));
        }

        return Task.WhenAll(completions);
    }

    /// <summary>Closes every node and stops the background work.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing.Cancel();
        ReadySignal.FailDisposed(_ready, $"The client was disposed before it connected to {string.Join(", ", _options.Endpoints)}.");

        if (_background is not null)
        {
            await _background.ConfigureAwait(false);
        }

        if (_refreshLoop is not null)
        {
            await _refreshLoop.ConfigureAwait(false);
        }

        RedisNode[] nodes;
        lock (_nodesLock)
        {
            nodes = [.. _byEndpoint.Values, .. _retiring];
            _byEndpoint.Clear();
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The slot all keyed commands of a unit share; <see cref="HashSlot.NoKeys"/> or <see cref="HashSlot.CrossSlot"/>.</summary>
    private static int SlotOfParts(IReadOnlyList<PendingCommand> parts)
    {
        var slot = HashSlot.NoKeys;
        foreach (var part in parts)
        {
            var partSlot = part.Command.Keys.SlotOf(part.Encoded);
            if (partSlot == HashSlot.NoKeys)
            {
                continue;
            }

            if (partSlot == HashSlot.CrossSlot || (slot != HashSlot.NoKeys && partSlot != slot))
            {
                return HashSlot.CrossSlot;
            }

            slot = partSlot;
        }

        return slot;
    }

    /// <summary>
    /// Fails a command (or a unit) whose keys span slots, before anything is sent: the server would refuse
    /// it with CROSSSLOT, and splitting it would break its atomicity.
    /// </summary>
    private static void RefuseCrossSlot(PendingCommand command, IReadOnlyList<PendingCommand> parts)
    {
        var what = command.Parts is null ? command.Command.Name : $"The transaction of {parts.Count} commands";
        command.Abandon(CrossSlotError(what, [], parts));
    }

    /// <inheritdoc />
    public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
    {
        if (Volatile.Read(ref _mode) != ModeCluster)
        {
            return;
        }

        var slot = HashSlot.NoKeys;
        foreach (var key in keys)
        {
            var keySlot = HashSlot.Of((byte[])key!);
            if (slot != HashSlot.NoKeys && keySlot != slot)
            {
                throw CrossSlotError(what, keys, commands);
            }

            slot = keySlot;
        }

        var partsSlot = SlotOfParts(commands);
        if (partsSlot == HashSlot.CrossSlot || (partsSlot >= 0 && slot >= 0 && partsSlot != slot))
        {
            throw CrossSlotError(what, keys, commands);
        }
    }

    /// <summary>The error for keys (given, and read from commands) that span slots, naming each key's slot.</summary>
    private static RedisCrossSlotException CrossSlotError(string what, IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands)
    {
        var slots = new List<int>();
        var named = new List<string>();
        void Add(byte[] key)
        {
            var slot = HashSlot.Of(key);
            if (!slots.Contains(slot))
            {
                slots.Add(slot);
            }

            named.Add($"{System.Text.Encoding.UTF8.GetString(key)} (slot {slot})");
        }

        foreach (var key in keys)
        {
            Add((byte[])key!);
        }

        foreach (var command in commands)
        {
            foreach (var key in command.Command.Keys.ReadKeys(command.Encoded))
            {
                Add(key);
            }
        }

        var message = $"{what} was not sent: its keys are in {slots.Count} different hash slots of the cluster ({string.Join(", ", named.Take(MaxKeysInMessage))}" +
            $"{(named.Count > MaxKeysInMessage ? ", …" : string.Empty)}), and the server runs a multi-key command or a transaction only when all its keys share one slot. " +
            "Give keys that belong together one hash tag, such as {user:1}:name and {user:1}:email.";
        return new RedisCrossSlotException(message, slots) { Command = commands.Count == 1 ? commands[0].Command.Name : null };
    }

    // Keys listed in a cross-slot message; the rest are counted.
    private const int MaxKeysInMessage = 8;
}
