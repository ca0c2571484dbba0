using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Multiplex.Protocol;

namespace Multiplex.Tests.Fuzzing;

/// <summary>
/// Reads a byte stream the way a connection's reader loop does (RespScanner finds each frame, then
/// RedisResult.Read parses it) and writes down what it saw: one line per frame (length, prefix, full
/// structural dump), then how the stream ended. Two transcripts of the same bytes must be identical
/// however the bytes were split into segments.
/// </summary>
internal static class RespTranscript
{
    /// <summary>How a stream of bytes ended.</summary>
    public const string EndClean = "end: clean";

    /// <summary>Reads <paramref name="input"/> as one contiguous span.</summary>
    public static string ReadWhole(byte[] input, ProtocolLimits limits)
    {
        var text = new StringBuilder();
        var scanner = new RespScanner(limits);
        var buffer = new ReadOnlySequence<byte>(input);
        try
        {
            while (!buffer.IsEmpty)
            {
                if (!scanner.TryScan(buffer, out var length))
                {
                    return Incomplete(text, buffer.Length);
                }

                AppendFrame(text, buffer.Slice(0, length), scanner.FramePrefix);
                scanner.Reset();
                buffer = buffer.Slice(length);
            }

            return text.Append(EndClean).ToString();
        }
        catch (RedisProtocolException)
        {
            return text.Append("end: protocol error").ToString();
        }
    }

    /// <summary>
    /// Reads <paramref name="input"/> as a pipe would hand it over: chunk after chunk appended to one
    /// chain of segments, unconsumed bytes kept, the scanner resumed where it stopped. With
    /// <paramref name="copyEachTime"/> every attempt sees a fresh chain (the scanner resumes by offset).
    /// </summary>
    public static string ReadInChunks(byte[] input, IReadOnlyList<int> cuts, ProtocolLimits limits, bool copyEachTime)
    {
        var text = new StringBuilder();
        var scanner = new RespScanner(limits);
        var chain = new SegmentChain();
        var consumed = 0L; // bytes of the chain already handed to frames
        var received = 0;
        try
        {
            for (var i = 0; i <= cuts.Count; i++)
            {
                var end = i < cuts.Count ? cuts[i] : input.Length;
                if (end <= received)
                {
                    continue;
                }

                chain.Append(input.AsMemory(received, end - received));
                received = end;
                while (consumed < received)
                {
                    var buffer = copyEachTime ? SegmentChain.Copy(input, consumed, received, cuts) : chain.From(consumed);
                    if (!scanner.TryScan(buffer, out var length))
                    {
                        break;
                    }

                    AppendFrame(text, buffer.Slice(0, length), scanner.FramePrefix);
                    scanner.Reset();
                    consumed += length;
                }
            }

            return consumed == input.Length ? text.Append(EndClean).ToString() : Incomplete(text, input.Length - consumed);
        }
        catch (RedisProtocolException)
        {
            return text.Append("end: protocol error").ToString();
        }
    }

    /// <summary>A complete structural dump: type, nullness, exact value bytes, attributes, every element.</summary>
    public static void Dump(StringBuilder text, RedisResult result)
    {
        text.Append(result.Type.ToString());
        if (result.Attributes is { } attributes)
        {
            text.Append("@(");
            Dump(text, attributes);
            text.Append(')');
        }

        if (result.IsNull)
        {
            text.Append(" nil");
            return;
        }

        if (result.IsAggregate)
        {
            text.Append('[').Append(result.Count.ToString(CultureInfo.InvariantCulture)).Append(':');
            for (var i = 0; i < result.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ",");
                Dump(text, result[i]);
            }

            text.Append(']');
            return;
        }

        var bytes = (byte[]?)result.Value;
        text.Append(" \"").Append(bytes is null ? "<null>" : Convert.ToHexString(bytes)).Append('"');
    }

    private static string Incomplete(StringBuilder text, long remaining) =>
        text.Append("end: incomplete, ").Append(remaining.ToString(CultureInfo.InvariantCulture)).Append(" bytes left").ToString();

    private static void AppendFrame(StringBuilder text, in ReadOnlySequence<byte> frame, RespPrefix prefix)
    {
        text.Append(frame.Length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(prefix.ToString()).Append(' ');
        var result = RedisResult.Read(frame);
        Debug.Assert(result is not null, "Read never returns null");
        Dump(text, result);
        text.Append('\n');
    }
}
