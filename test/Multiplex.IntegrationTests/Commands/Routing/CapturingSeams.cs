using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Connections;
using Multiplex.PubSub;
using Multiplex.Topology;
using Multiplex.Transactions;

namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>
/// Command surfaces whose commands are recorded instead of sent: a client on a topology provider that
/// records the command it is asked to place, and a dedicated session whose sink records what it is given.
/// Both are the product's own seams (the topology provider and the session's sink); nothing is sent.
/// </summary>
internal sealed class CapturingSeams : ITopologyProvider, ISessionSink
{
    private CapturedCommand? _last;

    /// <param name="options">The client's options.</param>
    /// <param name="keyPrefix">When given, <see cref="Client"/> and <see cref="Session"/> are a key-prefix view with it.</param>
    public CapturingSeams(RedisClientOptions options, string? keyPrefix = null)
    {
        var client = new RedisClient(options, this, new PubSubHub(options, NullLogger.Instance));
        Client = keyPrefix is null ? client : client.WithKeyPrefix(keyPrefix);
        Session = new RedisSessionCommands(options, this, Client.Prefixer);
    }

    /// <summary>A client (or a view of it) whose every command (blocking ones and MONITOR included) is recorded by its topology.</summary>
    public RedisClient Client { get; }

    /// <summary>A dedicated session's commands, recorded by its sink.</summary>
    public RedisSessionCommands Session { get; }

    public IReadOnlyList<RedisNode> Nodes => [];

    public IReadOnlyList<RedisNode> Primaries => [];

    public Task Ready => Task.CompletedTask;

    public bool IsCluster => false;

    public event Action? Changed
    {
        add { }
        remove { }
    }

    public RedisNode PrimaryFor(int slot) => throw new CapturedException();

    public void RequestRefresh()
    {
    }

    public string Description => "a capture";

    /// <summary>The last command recorded, taken (null when none was).</summary>
    public CapturedCommand? Take() => Interlocked.Exchange(ref _last, null);

    public RedisNode NodeFor(PendingCommand command) => Record(command);

    public RedisNode NodeForKey(in RedisKey key) => throw new CapturedException();

    public void Add(PendingCommand command, CancellationToken cancellationToken) => Record(command);

    public void Send(PendingCommand command, CancellationToken cancellationToken) => Record(command);

    public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
    {
    }

    public void SendUnit(PendingCommand unit, CancellationToken cancellationToken) => Record(unit);

    public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken) => throw new CapturedException();

    public void AddBlocking(PendingCommand command, TimeSpan replyTimeout, CancellationToken cancellationToken) => Record(command);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void StartInBackground()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private RedisNode Record(PendingCommand command)
    {
        _last = new CapturedCommand(command.Command, command.Encoded.ToArray());
        throw new CapturedException();
    }
}
