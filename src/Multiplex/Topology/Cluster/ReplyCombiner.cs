using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Combines the replies of a command sent to several nodes, or split by slot, into the one reply its
/// parser expects, after the server's response policies
/// (https://redis.io/docs/latest/develop/reference/command-tips/#response_policy). Each reply is one
/// complete RESP2 or RESP3 frame as read from the wire, so already validated by <see cref="RespScanner"/>
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/), and is walked with
/// <see cref="RespReader"/>; each element is copied once, into the destination.
/// <para>
/// A server error among the replies is the combined reply, as it is (for <see cref="ReplyAggregate.OneSucceeded"/>
/// only when every reply is one). A reply of a type the aggregate cannot combine becomes an <c>-ERR</c>
/// reply naming the aggregate and the type, so the caller fails through its usual error path. Every
/// method returns the index of the reply whose failure the combined reply reports, or
/// <see cref="NoFailedReply"/>. A reply passed on as it is keeps its attributes; when replies are combined,
/// attributes before a whole reply are dropped and those before an element stay with it.
/// </para>
/// </summary>
internal static partial class ReplyCombiner
{
    /// <summary>What the methods return when the combined reply reports no failure.</summary>
    public const int NoFailedReply = -1;

    // A type byte, a signed 64-bit number and CRLF.
    private const int MaxNumberLine = 1 + RespConstants.MaxNumberLineLength + RespConstants.CrlfLength;

    /// <summary>Writes the combination of <paramref name="replies"/> by <paramref name="aggregate"/> to <paramref name="destination"/>.</summary>
    /// <returns>The index of the reply whose failure the combined reply reports, or <see cref="NoFailedReply"/>.</returns>
    /// <exception cref="ArgumentException">
    /// There are no replies, or the aggregate is <see cref="ReplyAggregate.None"/> or
    /// <see cref="ReplyAggregate.InKeyOrder"/> (see <see cref="CombineInKeyOrder"/>).
    /// </exception>
    public static int Combine(ReplyAggregate aggregate, ReadOnlySpan<ReadOnlyMemory<byte>> replies, IBufferWriter<byte> destination)
    {
        if (replies.IsEmpty)
        {
            throw new ArgumentException($"There are no replies to combine by {aggregate}.", nameof(replies));
        }

        switch (aggregate)
        {
            case ReplyAggregate.AllSucceeded:
                var failed = FirstError(replies);
                destination.Write(replies[failed == NoFailedReply ? 0 : failed].Span);
                return failed;
            case ReplyAggregate.OneSucceeded:
                return OneSucceeded(replies, destination);
            case ReplyAggregate.Sum or ReplyAggregate.Min:
                return WriteFirstError(replies, destination) ?? Integers(aggregate, replies, destination);
            case ReplyAggregate.Merge:
                return WriteFirstError(replies, destination) ?? Merge(replies, destination);
            case ReplyAggregate.LogicalAnd:
                return WriteFirstError(replies, destination) ?? LogicalAnd(replies, destination);
            default:
                throw new ArgumentException($"Replies are not combined by {aggregate} here: InKeyOrder has its own method, and None has nothing to combine.", nameof(aggregate));
        }
    }

    private static int OneSucceeded(ReadOnlySpan<ReadOnlyMemory<byte>> replies, IBufferWriter<byte> destination)
    {
        for (var i = 0; i < replies.Length; i++)
        {
            if (!Open(replies[i]).IsError)
            {
                destination.Write(replies[i].Span);
                return NoFailedReply;
            }
        }

        destination.Write(replies[0].Span);
        return 0;
    }

    /// <summary>The smallest integer reply (<see cref="ReplyAggregate.Min"/>) or their sum.</summary>
    private static int Integers(ReplyAggregate aggregate, ReadOnlySpan<ReadOnlyMemory<byte>> replies, IBufferWriter<byte> destination)
    {
        long result = 0;
        for (var i = 0; i < replies.Length; i++)
        {
            var reader = Open(replies[i]);
            if (reader.Prefix != RespPrefix.Integer)
            {
                return Refuse(destination, aggregate, i, replies.Length, $"is {Describe(reader)}, not an integer");
            }

            var value = reader.ReadInt64();
            if (i == 0 || (aggregate == ReplyAggregate.Min && value < result))
            {
                result = value;
            }
            else if (aggregate == ReplyAggregate.Sum)
            {
                var sum = unchecked(result + value);
                if (((result ^ sum) & (value ^ sum)) < 0)
                {
                    return Refuse(destination, aggregate, i, replies.Length, "takes the sum past a 64-bit integer");
                }

                result = sum;
            }
        }

        WriteNumberLine(destination, RespPrefix.Integer, result);
        return NoFailedReply;
    }

    /// <summary>A reader on the reply's value, past any attributes before it.</summary>
    private static RespReader Open(ReadOnlyMemory<byte> reply)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(reply));
        reader.TryMoveNext();
        return reader;
    }

    private static int FirstError(ReadOnlySpan<ReadOnlyMemory<byte>> replies)
    {
        for (var i = 0; i < replies.Length; i++)
        {
            if (Open(replies[i]).IsError)
            {
                return i;
            }
        }

        return NoFailedReply;
    }

    /// <summary>Writes the first error reply as it is and returns its index; null when there is none.</summary>
    private static int? WriteFirstError(ReadOnlySpan<ReadOnlyMemory<byte>> replies, IBufferWriter<byte> destination)
    {
        var failed = FirstError(replies);
        if (failed == NoFailedReply)
        {
            return null;
        }

        destination.Write(replies[failed].Span);
        return failed;
    }

    /// <summary>Writes an error reply saying why reply <paramref name="index"/> cannot be combined; returns the index.</summary>
    private static int Refuse(IBufferWriter<byte> destination, ReplyAggregate aggregate, int index, int count, string why)
    {
        var text = $"-ERR cannot combine {count} replies by {aggregate}: reply {index + 1} {why}\r\n";
        var length = Encoding.UTF8.GetByteCount(text);
        destination.Advance(Encoding.UTF8.GetBytes(text, destination.GetSpan(length)));
        return index;
    }

    private static string Describe(in RespReader reader) => reader.IsNull ? "a null" : reader.Prefix switch
    {
        RespPrefix.SimpleString => "a simple string",
        RespPrefix.Integer => "an integer",
        RespPrefix.BulkString => "a bulk string",
        RespPrefix.Array => "an array",
        RespPrefix.Boolean => "a boolean",
        RespPrefix.Double => "a double",
        RespPrefix.BigNumber => "a big number",
        RespPrefix.VerbatimString => "a verbatim string",
        RespPrefix.Map => "a map",
        RespPrefix.Set => "a set",
        RespPrefix.Push => "a push",
        var other => $"a {other}",
    };

    /// <summary>Writes a type byte, a decimal number and CRLF: an integer reply or an aggregate's header.</summary>
    private static void WriteNumberLine(IBufferWriter<byte> destination, RespPrefix prefix, long value)
    {
        var span = destination.GetSpan(MaxNumberLine);
        span[0] = (byte)prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var digits);
        RespConstants.Crlf.CopyTo(span[(1 + digits)..]);
        destination.Advance(1 + digits + RespConstants.CrlfLength);
    }
}
