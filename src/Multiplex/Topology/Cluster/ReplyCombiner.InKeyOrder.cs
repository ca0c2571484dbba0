using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <content>Putting the replies of a split command back in the caller's key order (<see cref="ReplyAggregate.InKeyOrder"/>).</content>
internal static partial class ReplyCombiner
{
    /// <summary>
    /// Writes one array whose element i is the element that answers the caller's key i, taken from the
    /// reply of the part that held that key (MGET: bulk strings, with nulls as <c>$-1</c> or <c>_</c>,
    /// copied as the server wrote them).
    /// </summary>
    /// <param name="replies">One reply per part, in the order of <paramref name="parts"/>.</param>
    /// <param name="parts">The parts <see cref="SlotSplit.Split"/> made of the command.</param>
    /// <param name="keyCount">How many keys the caller's command had.</param>
    /// <param name="destination">Where the combined reply goes.</param>
    /// <returns>The index of the reply whose failure the combined reply reports, or <see cref="NoFailedReply"/>.</returns>
    /// <exception cref="ArgumentException">
    /// There are no replies, not one per part, or the parts do not hold each of the <paramref name="keyCount"/> keys once.
    /// </exception>
    public static int CombineInKeyOrder(
        ReadOnlySpan<ReadOnlyMemory<byte>> replies, IReadOnlyList<SlotPart> parts, int keyCount, IBufferWriter<byte> destination)
    {
        if (replies.IsEmpty || replies.Length != parts.Count)
        {
            throw new ArgumentException($"{replies.Length} replies cannot be put in key order for {parts.Count} parts: one reply per part is needed.", nameof(replies));
        }

        if (WriteFirstError(replies, destination) is { } failed)
        {
            return failed;
        }

        // Where each key's element sits: which reply, and its bytes there (a RESP element is never empty).
        var elements = new (int Reply, Range Bytes)[keyCount];
        for (var i = 0; i < replies.Length; i++)
        {
            var reader = Open(replies[i]);
            var keys = parts[i].KeyIndexes;
            if (reader.Prefix != RespPrefix.Array || reader.IsNull)
            {
                return Refuse(destination, ReplyAggregate.InKeyOrder, i, replies.Length, $"is {Describe(reader)}, not an array");
            }

            if (reader.ChildCount != keys.Length)
            {
                return Refuse(destination, ReplyAggregate.InKeyOrder, i, replies.Length, $"has {reader.ChildCount} elements for {keys.Length} keys");
            }

            foreach (var key in keys)
            {
                var start = (int)reader.Consumed;
                reader.TryMoveNext();
                reader.SkipChildren();
                if ((uint)key >= (uint)keyCount || elements[key].Bytes.End.Value != 0)
                {
                    throw new ArgumentException($"Part {i + 1} holds key {key}, which is not one of the {keyCount} keys or is held by another part too.", nameof(parts));
                }

                elements[key] = (i, new Range(start, (int)reader.Consumed));
            }
        }

        var missing = Array.FindIndex(elements, element => element.Bytes.End.Value == 0);
        if (missing >= 0)
        {
            throw new ArgumentException($"No part holds key {missing} of the {keyCount} keys.", nameof(parts));
        }

        RespWriter.WriteArrayHeader(destination, keyCount);
        foreach (var (reply, bytes) in elements)
        {
            destination.Write(replies[reply].Span[bytes]);
        }

        return NoFailedReply;
    }
}
