using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Connections;
using Multiplex.PubSub;
using Multiplex.Topology;

namespace Multiplex.Benchmarks;

/// <summary>
/// The client-side cost of a command through its public method, without I/O, on the client itself and
/// through a key-prefix view: the topology answers each command at once with a canned reply, so the
/// figures are renting, encoding, (for the view) rewriting the frame, parsing and recycling. The
/// client's own rows are the baseline the view must not change.
/// </summary>
[MemoryDiagnoser]
public class KeyPrefixBenchmarks
{
    private static readonly RedisKey[] ThreeKeys = ["user:1:name", "user:2:name", "user:3:name"];
    private static readonly RedisKey[] TwoKeys = ["user:1:name", "user:1:visits"];
    private static readonly RedisValue[] OneArgument = ["a"];

    private AnsweringTopology _topology = null!;
    private RedisClient _client = null!;
    private RedisClient _view = null!;

    [GlobalSetup]
    public void Setup()
    {
        _topology = new AnsweringTopology();
        _client = _topology.Client;
        _view = _client.WithKeyPrefix("tenant:42:");
    }

    [Benchmark(Baseline = true)]
    public ValueTask<RedisValue> Get() => Answer("$16\r\nxxxxxxxxxxxxxxxx\r\n", _client.GetAsync("user:1:name"));

    [Benchmark]
    public ValueTask<RedisValue> GetThroughView() => Answer("$16\r\nxxxxxxxxxxxxxxxx\r\n", _view.GetAsync("user:1:name"));

    [Benchmark]
    public ValueTask<RedisValue[]> MGet3() => Answer("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", _client.MGetAsync(ThreeKeys));

    [Benchmark]
    public ValueTask<RedisValue[]> MGet3ThroughView() => Answer("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", _view.MGetAsync(ThreeKeys));

    [Benchmark]
    public ValueTask<RedisResult> Eval2Keys() => Answer(":1\r\n", _client.EvalAsync("return 1", TwoKeys, OneArgument));

    [Benchmark]
    public ValueTask<RedisResult> Eval2KeysThroughView() => Answer(":1\r\n", _view.EvalAsync("return 1", TwoKeys, OneArgument));

    private ValueTask<T> Answer<T>(string reply, ValueTask<T> command)
    {
        _topology.Next = reply;
        return command;
    }

    /// <summary>A topology that answers every command at once with <see cref="Next"/>, as a reader loop would.</summary>
    private sealed class AnsweringTopology : ITopologyProvider
    {
        private readonly Dictionary<string, ReadOnlySequence<byte>> _replies = [];

        public AnsweringTopology()
        {
            var options = new RedisClientOptions();
            Client = new RedisClient(options, this, new PubSubHub(options, NullLogger.Instance));
        }

        public RedisClient Client { get; }

        public string Next { get; set; } = "+OK\r\n";

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
            if (!_replies.TryGetValue(Next, out var reply))
            {
                reply = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Next));
                _replies[Next] = reply;
            }

            command.TryBeginWrite();
            command.OnReply(reply);
            command.ReleaseWire();
        }

        public RedisNode PrimaryFor(int slot) => throw new NotSupportedException();

        public void RequestRefresh()
        {
        }

        public RedisNode NodeFor(PendingCommand command) => throw new NotSupportedException();

        public RedisNode NodeForKey(in RedisKey key) => throw new NotSupportedException();

        public void CheckOneSlot(IReadOnlyList<RedisKey> keys, IReadOnlyList<PendingCommand> commands, string what)
        {
        }

        public void SendUnit(PendingCommand unit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SendBatch(List<PendingCommand> commands, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void StartInBackground()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
