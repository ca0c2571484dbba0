using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <content>Combining arrays of booleans element by element (<see cref="ReplyAggregate.LogicalAnd"/>).</content>
internal static partial class ReplyCombiner
{
    /// <summary>
    /// An array whose element i is true when element i of every reply is: integers (0 false, any other
    /// true) under RESP2, <c>#t</c>/<c>#f</c> too under RESP3. The elements are written as the first
    /// reply writes them, booleans or the integers 1 and 0. Every reply must have as many elements.
    /// </summary>
    private static int LogicalAnd(ReadOnlySpan<ReadOnlyMemory<byte>> replies, IBufferWriter<byte> destination)
    {
        bool[]? results = null;
        var asBooleans = false;
        for (var i = 0; i < replies.Length; i++)
        {
            var reader = Open(replies[i]);
            if (reader.Prefix != RespPrefix.Array || reader.IsNull)
            {
                return Refuse(destination, ReplyAggregate.LogicalAnd, i, replies.Length, $"is {Describe(reader)}, not an array");
            }

            if (results is null)
            {
                results = new bool[reader.ChildCount];
                Array.Fill(results, true);
            }
            else if (reader.ChildCount != results.Length)
            {
                return Refuse(destination, ReplyAggregate.LogicalAnd, i, replies.Length, $"has {reader.ChildCount} elements where reply 1 has {results.Length}");
            }

            for (var element = 0; element < results.Length; element++)
            {
                reader.TryMoveNext();
                if (reader.Prefix is not (RespPrefix.Integer or RespPrefix.Boolean))
                {
                    return Refuse(destination, ReplyAggregate.LogicalAnd, i, replies.Length, $"has {Describe(reader)} as element {element + 1}, not an integer or a boolean");
                }

                asBooleans |= i == 0 && reader.Prefix == RespPrefix.Boolean;
                results[element] &= reader.Prefix == RespPrefix.Boolean ? reader.ReadBoolean() : reader.ReadInt64() != 0;
            }
        }

        WriteNumberLine(destination, RespPrefix.Array, results!.Length);
        foreach (var result in results)
        {
            destination.Write(asBooleans ? (result ? "#t\r\n"u8 : "#f\r\n"u8) : (result ? ":1\r\n"u8 : ":0\r\n"u8));
        }

        return NoFailedReply;
    }
}
