using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Resilience;
using Multiplex.Topology;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Connections;

/// <summary>
/// The client's own per-command objects are pooled: a warm pending command is rented, encoded,
/// answered and recycled without allocating. Measured on one thread, so the figure is exact.
/// </summary>
public sealed class PendingCommandAllocationTests
{
    private const int Iterations = 100;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public void Encoding_a_get_into_a_pooled_pending_command_and_recycling_it_allocates_nothing()
    {
        var reply = Wire.Whole("_\r\n");
        RedisKey key = "user:1000";
        long encodedBytes = 0;

        void RoundTrip()
        {
            var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
            CommandEncoder.Write(command, CommandTokens.Get, key);
            encodedBytes += command.Encoded.Length;
            var task = command.Task;
            command.TryBeginWrite();
            command.OnReply(reply);
            command.ReleaseWire();
            _ = task.Result; // the caller's read lets go of the caller's hold: the command returns to the pool
        }

        RoundTrip();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            RoundTrip();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(encodedBytes, Is.EqualTo((Iterations + 1) * "*2\r\n$3\r\nGET\r\n$9\r\nuser:1000\r\n".Length));
    }

    [Test]
    public void Sending_a_get_through_the_clients_sink_with_retries_on_allocates_nothing()
    {
        var reply = Wire.Whole("_\r\n");
        RedisKey key = "user:1000";
        var topology = new AnsweringTopology(reply);
        var retrier = new CommandRetrier(RetryOptions.Default, topology, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var sink = new TopologySink(topology, retrier, RetryMode.IdempotentOnly);

        void RoundTrip()
        {
            var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
            CommandEncoder.Write(command, CommandTokens.Get, key);
            var task = command.Task;
            sink.Add(command, CancellationToken.None);
            _ = task.Result;
        }

        RoundTrip();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            RoundTrip();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(topology.Sent, Is.EqualTo(Iterations + 1));
        Assert.That(topology.LastRetrier, Is.SameAs(retrier), "the sink hands the client's retrier to the command");
    }

    /// <summary>A topology whose one node answers every command at once with <c>reply</c>, as a reader loop would.</summary>
    private sealed class AnsweringTopology(System.Buffers.ReadOnlySequence<byte> reply) : ITopologyProvider
    {
        public int Sent { get; private set; }

        public CommandRetrier? LastRetrier { get; private set; }

        public IReadOnlyList<RedisNode> Nodes => [];

        public IReadOnlyList<RedisNode> Primaries => [];

        public Task Ready => Task.CompletedTask;

        public bool IsCluster => false;

        public event Action? Changed
        {
            add { }
            remove { }
        }

        public void Send(PendingCommand command, CancellationToken cancellationToken)
        {
            Sent++;
            LastRetrier = command.Retrier;
            command.TryBeginWrite();
            command.OnReply(reply);
            command.ReleaseWire();
        }

        public RedisNode PrimaryFor(int slot) => throw new NotSupportedException();

        public void RequestRefresh()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void StartInBackground()
        {
        }

        public RedisNode NodeFor(PendingCommand command) => throw new NotSupportedException();

        public RedisNode NodeForKey(in RedisKey key) => throw new NotSupportedException();

        public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
        {
        }

        public void SendUnit(PendingCommand unit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
