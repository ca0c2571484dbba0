using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Benchmarks;

/// <summary>
/// A command through the client's own path, without I/O: rent a pooled pending command, encode GET
/// into it, hand it the reply frame, and let both holders (wire and caller) release it to the pool.
/// </summary>
[MemoryDiagnoser]
public class PendingCommandBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly RedisKey _key = "key:__rand_int__";
    private readonly ReadOnlySequence<byte> _nullReply = new(Encoding.ASCII.GetBytes("_\r\n"));
    private readonly ReadOnlySequence<byte> _valueReply = new(Encoding.ASCII.GetBytes("$16\r\nxxxxxxxxxxxxxxxx\r\n"));

    [Benchmark]
    public int RentAndEncodeGet()
    {
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        CommandEncoder.Write(command, CommandTokens.Get, _key);
        var length = command.Encoded.Length;
        Recycle(command, _nullReply);
        return length;
    }

    [Benchmark]
    public RedisValue GetRoundTripWith16ByteValue()
    {
        var command = PendingCommand<RedisValue>.Rent(CommandTokens.Get, ReplyParsers.Value, Timeout);
        CommandEncoder.Write(command, CommandTokens.Get, _key);
        return Recycle(command, _valueReply);
    }

    // Completes the command as the reader loop would, then reads the result as the caller would:
    // after both, the command is back in the pool.
    private static RedisValue Recycle(PendingCommand<RedisValue> command, in ReadOnlySequence<byte> reply)
    {
        var task = command.Task;
        command.TryBeginWrite();
        command.OnReply(reply);
        command.ReleaseWire();
        return task.Result;
    }
}
