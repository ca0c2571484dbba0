using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Benchmarks;

/// <summary>
/// The connection's write path over an in-memory pipe: the bounded channel, the writer's skip check,
/// the in-flight FIFO and the pipe writer, one flush per drained batch, as the writer loop does it.
/// A task drains the pipe's reader side the way a socket would. The commands are encoded once and
/// reused (their wire state is reset by <see cref="PendingCommand.RevertWrite"/>), so only the path
/// itself is measured.
/// </summary>
[MemoryDiagnoser]
public class WritePathBenchmarks
{
    private readonly Channel<PendingCommand> _channel = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(65_536)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
        AllowSynchronousContinuations = false,
    });

    private readonly InFlightQueue _inFlight = new();
    private Pipe _pipe = null!;
    private Task _drain = null!;
    private PendingCommand[] _commands = null!;

    [Params(1, 16, 100)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
        _drain = DrainAsync(_pipe.Reader);
        _commands = new PendingCommand[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, TimeSpan.FromMinutes(5));
            CommandEncoder.Write(command, CommandTokens.Get, (RedisKey)"key:__rand_int__");
            _commands[i] = command;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipe.Writer.Complete();
        _drain.GetAwaiter().GetResult();
    }

    /// <summary>Queues a batch of commands, then drains them into the pipe and flushes once.</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public async Task WriteBatches()
    {
        // 100 commands per invoke whatever the batch size, so results compare per command.
        for (var done = 0; done < 100; done += BatchSize)
        {
            foreach (var command in _commands)
            {
                _channel.Writer.TryWrite(command);
            }

            var output = _pipe.Writer;
            while (_channel.Reader.TryRead(out var command))
            {
                command.TryBeginWrite();
                _inFlight.TryEnqueue(command);
                output.Write(command.Encoded);
            }

            await output.FlushAsync();

            // The reader loop's half of the FIFO; the command is made writable again for the next round.
            while (_inFlight.TryDequeue(out var answered))
            {
                answered.RevertWrite();
            }
        }
    }

    private static async Task DrainAsync(PipeReader reader)
    {
        while (true)
        {
            var read = await reader.ReadAsync();
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                await reader.CompleteAsync();
                return;
            }
        }
    }
}
