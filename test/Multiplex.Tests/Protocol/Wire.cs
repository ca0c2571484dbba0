using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

/// <summary>Builds RESP input for tests: whole, split into segments, and scanned or read in one go.</summary>
internal static class Wire
{
    public static byte[] Bytes(string wire) => Encoding.UTF8.GetBytes(wire);

    public static ReadOnlySequence<byte> Whole(string wire) => new(Bytes(wire));

    /// <summary>A command as clients send it: an array of bulk strings (<c>*2\r\n$3\r\nGET\r\n$1\r\nk\r\n</c>).</summary>
    public static string Command(params string[] arguments)
    {
        var builder = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        return builder.ToString();
    }

    /// <summary>A sequence whose segments end at the given cut positions.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Append(data.Length).ToArray();
        var parts = new ReadOnlyMemory<byte>[bounds.Length];
        for (var i = 0; i < bounds.Length; i++)
        {
            var start = i == 0 ? 0 : bounds[i - 1];
            parts[i] = data.AsMemory(start, bounds[i] - start);
        }

        return Multiplex.Testing.Segments.Of(parts);
    }

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> BytePerSegment(byte[] data) =>
        Split(data, Enumerable.Range(1, Math.Max(0, data.Length - 1)).ToArray());

    /// <summary>Every way to cut the data into two segments.</summary>
    public static IEnumerable<(int Cut, ReadOnlySequence<byte> Sequence)> EverySplit(byte[] data)
    {
        for (var cut = 1; cut < data.Length; cut++)
        {
            yield return (cut, Split(data, cut));
        }
    }

    public static bool Scan(in ReadOnlySequence<byte> buffer, out long length, ProtocolLimits? limits = null)
    {
        var scanner = new RespScanner(limits ?? ProtocolLimits.Default);
        return scanner.TryScan(buffer, out length);
    }

    public static bool Scan(string wire, ProtocolLimits? limits = null) => Scan(Whole(wire), out _, limits);

    public static RedisResult Result(in ReadOnlySequence<byte> frame) => RedisResult.Read(frame);

    public static RedisResult Result(string wire) => Result(Whole(wire));

    /// <summary>The same reply whole and one byte per segment, for parsers that must not care.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> Layouts(string wire)
    {
        yield return Whole(wire);
        yield return BytePerSegment(Bytes(wire));
    }

    /// <summary>Runs <paramref name="parser"/> on the first reply of <paramref name="frame"/>.</summary>
    public static T Parse<T>(ReplyParser<T> parser, in ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        return parser.Parse(ref reader);
    }

    /// <summary>Runs <paramref name="parser"/> on <paramref name="wire"/>, taken whole.</summary>
    public static T Parse<T>(ReplyParser<T> parser, string wire) => Parse(parser, Whole(wire));
}
