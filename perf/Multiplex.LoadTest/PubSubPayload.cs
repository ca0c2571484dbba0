using System.Buffers.Binary;

namespace Multiplex.LoadTest;

/// <summary>
/// The header of every pub/sub load-test message: when it was published (<see cref="System.Diagnostics.Stopwatch"/>
/// ticks, so a delivery's end-to-end latency is one subtraction), which publisher sent it, and its
/// sequence number. A publisher ends its stream with an end marker whose sequence is how many
/// messages it published, so each subscriber can check it received all of them, in order.
/// </summary>
public static class PubSubPayload
{
    private const int TimestampOffset = 0;
    private const int PublisherOffset = 8;
    private const int SequenceOffset = 12;
    private const int KindOffset = 20;
    private const byte MessageKind = 0;
    private const byte EndKind = 1;

    /// <summary>Bytes the header takes; payloads are padded to the value size when it is larger.</summary>
    public const int HeaderSize = 21;

    public static void WriteMessage(Span<byte> payload, int publisher, long sequence, long timestamp) =>
        Write(payload, publisher, sequence, timestamp, MessageKind);

    public static void WriteEnd(Span<byte> payload, int publisher, long published) =>
        Write(payload, publisher, published, 0, EndKind);

    /// <summary>Reads a header; false when the payload is too short to be one of ours.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int publisher, out long sequence, out long timestamp, out bool isEnd)
    {
        if (payload.Length < HeaderSize)
        {
            (publisher, sequence, timestamp, isEnd) = (0, 0, 0, false);
            return false;
        }

        timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload[TimestampOffset..]);
        publisher = BinaryPrimitives.ReadInt32LittleEndian(payload[PublisherOffset..]);
        sequence = BinaryPrimitives.ReadInt64LittleEndian(payload[SequenceOffset..]);
        isEnd = payload[KindOffset] == EndKind;
        return true;
    }

    private static void Write(Span<byte> payload, int publisher, long sequence, long timestamp, byte kind)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload[TimestampOffset..], timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(payload[PublisherOffset..], publisher);
        BinaryPrimitives.WriteInt64LittleEndian(payload[SequenceOffset..], sequence);
        payload[KindOffset] = kind;
    }
}
