using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Connections;
using Multiplex.PubSub;
using Multiplex.Topology;

namespace Multiplex.Tests.Views;

/// <summary>
/// A topology provider (the product's own seam) that keeps the commands it is asked to send instead of
/// sending them, so a test reads their frames as wire strings and answers them with reply frames.
/// </summary>
internal sealed class RecordingTopology : ITopologyProvider
{
    private readonly List<PendingCommand> _sent = [];

    public RecordingTopology(RedisClientOptions? options = null)
    {
        options ??= new RedisClientOptions { AllowAdminCommands = true };
        Client = new RedisClient(options, this, new PubSubHub(options, NullLogger.Instance));
    }

    /// <summary>A client on this topology.</summary>
    public RedisClient Client { get; }

    public IReadOnlyList<RedisNode> Nodes => [];

    public IReadOnlyList<RedisNode> Primaries => [];

    public Task Ready => Task.CompletedTask;

    public bool IsCluster => false;

    public event Action? Changed
    {
        add { }
        remove { }
    }

    /// <summary>The frame of the last command sent, as text.</summary>
    public string LastFrame => Encoding.UTF8.GetString(LastEncoded);

    /// <summary>The frame of the last command sent.</summary>
    public byte[] LastEncoded => _sent[^1].Encoded.ToArray();

    /// <summary>How many commands were sent.</summary>
    public int SentCount => _sent.Count;

    /// <summary>Answers the last command sent with <paramref name="reply"/> (a RESP frame).</summary>
    public void Reply(string reply)
    {
        var command = _sent[^1];
        command.TryBeginWrite();
        command.OnReply(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(reply)));
        command.ReleaseWire();
    }

    public RedisNode PrimaryFor(int slot) => throw new NotSupportedException();

    public void RequestRefresh()
    {
    }

    public RedisNode NodeFor(PendingCommand command) => throw new NotSupportedException("the recording topology has no nodes");

    public RedisNode NodeForKey(in RedisKey key) => throw new NotSupportedException("the recording topology has no nodes");

    public void Send(PendingCommand command, CancellationToken cancellationToken) => _sent.Add(command);

    public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
    {
    }

    public void SendUnit(PendingCommand unit, CancellationToken cancellationToken) => _sent.Add(unit);

    public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _sent.AddRange(commands);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void StartInBackground()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
