using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <content>Concatenating array replies (<see cref="ReplyAggregate.Merge"/>).</content>
internal static partial class ReplyCombiner
{
    /// <summary>
    /// One array of every reply's elements, in reply order. A null reply counts as empty; RESP3 sets merge
    /// like arrays (duplicates are kept: each node holds different keys). The combined reply has the type
    /// of the first reply with elements, else of the first that is not null, else it is an array.
    /// </summary>
    private static int Merge(ReadOnlySpan<ReadOnlyMemory<byte>> replies, IBufferWriter<byte> destination)
    {
        var elements = new Range[replies.Length];
        var firstType = RespPrefix.None;
        var firstWithElements = RespPrefix.None;
        long count = 0;
        for (var i = 0; i < replies.Length; i++)
        {
            var reader = Open(replies[i]);
            if (reader.IsNull)
            {
                continue;
            }

            if (reader.Prefix is not (RespPrefix.Array or RespPrefix.Set))
            {
                return Refuse(destination, ReplyAggregate.Merge, i, replies.Length, $"is {Describe(reader)}, not an array or a set");
            }

            firstType = firstType == RespPrefix.None ? reader.Prefix : firstType;
            if (reader.ChildCount > 0)
            {
                firstWithElements = firstWithElements == RespPrefix.None ? reader.Prefix : firstWithElements;
                count += reader.ChildCount;
                var start = (int)reader.Consumed;
                reader.SkipChildren();
                elements[i] = new Range(start, (int)reader.Consumed);
            }
        }

        var type = firstWithElements != RespPrefix.None ? firstWithElements
            : firstType != RespPrefix.None ? firstType
            : RespPrefix.Array;
        WriteNumberLine(destination, type, count);
        for (var i = 0; i < replies.Length; i++)
        {
            destination.Write(replies[i].Span[elements[i]]);
        }

        return NoFailedReply;
    }
}
