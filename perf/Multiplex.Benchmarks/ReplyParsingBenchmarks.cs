using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Multiplex.Protocol;

namespace Multiplex.Benchmarks;

/// <summary>Finding and reading typical replies with the scanner and the pull reader, over in-memory frames.</summary>
[MemoryDiagnoser]
public class ReplyParsingBenchmarks
{
    private readonly ReadOnlySequence<byte> _integer = Frame(":1234567\r\n");
    private readonly ReadOnlySequence<byte> _ok = Frame("+OK\r\n");
    private readonly ReadOnlySequence<byte> _bulk = Frame("$10\r\nsome value\r\n");
    private readonly ReadOnlySequence<byte> _array = Frame(
        "*100\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"$8\r\nitem:{i:D3}\r\n")));

    private readonly ReadOnlySequence<byte> _map = Frame(
        "%10\r\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"$7\r\nfield:{i}\r\n:{i * 1000}\r\n")));

    // A GET's reply in the load test: a 16-byte value. The reader loop scans each frame once to find
    // where it ends (GetReplyScanOnly); the command's parser then reads it again (GetReplyReadOnly). The
    // pair says what merging the two passes ("one parse per frame") could save per command.
    private readonly ReadOnlySequence<byte> _getReply = Frame("$16\r\nvalue-of-16-byte\r\n");

    private RespScanner _scanner = new(ProtocolLimits.Default);

    [Benchmark]
    public long GetReplyScanOnly()
    {
        _scanner.Reset();
        _scanner.TryScan(_getReply, out var length);
        return length;
    }

    [Benchmark]
    public RedisValue GetReplyReadOnly()
    {
        var reader = new RespReader(_getReply);
        reader.TryMoveNext();
        return reader.ReadRedisValue();
    }

    [Benchmark]
    public long Integer()
    {
        var reader = Scan(_integer);
        reader.TryMoveNext();
        return reader.ReadInt64();
    }

    [Benchmark]
    public bool Ok()
    {
        var reader = Scan(_ok);
        reader.TryMoveNext();
        return reader.ValueEquals(RespConstants.Ok);
    }

    [Benchmark]
    public RedisValue BulkString()
    {
        var reader = Scan(_bulk);
        reader.TryMoveNext();
        return reader.ReadRedisValue();
    }

    [Benchmark]
    public long ArrayOf100BulkStrings()
    {
        var reader = Scan(_array);
        reader.TryMoveNext();
        long total = 0;
        for (var i = reader.ChildCount; i > 0; i--)
        {
            reader.TryMoveNext();
            total += reader.ValueLength;
        }

        return total;
    }

    [Benchmark]
    public long MapOf10Pairs()
    {
        var reader = Scan(_map);
        reader.TryMoveNext();
        long total = 0;
        for (var i = reader.ChildCount / 2; i > 0; i--)
        {
            reader.TryMoveNext();
            reader.TryMoveNext();
            total += reader.ReadInt64();
        }

        return total;
    }

    [Benchmark]
    public RedisResult ArrayOf100AsRedisResult() => RedisResult.Read(_array);

    private static ReadOnlySequence<byte> Frame(string wire) => new(Encoding.UTF8.GetBytes(wire));

    private RespReader Scan(in ReadOnlySequence<byte> buffer)
    {
        _scanner.Reset();
        _scanner.TryScan(buffer, out var length);
        return new RespReader(buffer.Slice(0, length));
    }
}
