using System.Buffers;
using BenchmarkDotNet.Attributes;
using Multiplex.Protocol;

namespace Multiplex.Benchmarks;

/// <summary>Encoding commands into a reused buffer writer.</summary>
[MemoryDiagnoser]
public class CommandEncodingBenchmarks
{
    private static readonly CommandToken Get = CommandToken.Create("GET");
    private static readonly CommandToken Set = CommandToken.Create("SET");

    private readonly ArrayBufferWriter<byte> _writer = new(1024);
    private readonly RedisKey _key = "user:1000:profile";
    private readonly RedisValue _value = "a value of about thirty-two bytes";

    [Benchmark]
    public int GetKey()
    {
        _writer.ResetWrittenCount();
        RespWriter.WriteArrayHeader(_writer, 2);
        RespWriter.WriteCommandToken(_writer, Get);
        RespWriter.WriteBulkString(_writer, _key);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public int SetKeyValue()
    {
        _writer.ResetWrittenCount();
        RespWriter.WriteArrayHeader(_writer, 3);
        RespWriter.WriteCommandToken(_writer, Set);
        RespWriter.WriteBulkString(_writer, _key);
        RespWriter.WriteBulkString(_writer, _value);
        return _writer.WrittenCount;
    }
}
