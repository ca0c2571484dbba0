using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Multiplex.Protocol;

/// <summary>
/// A top-level bulk string (or RESP3 verbatim string) whose payload is received into one array of
/// its own rather than accumulated in the read buffer (https://redis.io/docs/latest/develop/reference/protocol-spec/#bulk-strings).
/// <see cref="TryReadHead"/> recognises such a frame from its first bytes; <see cref="Create(byte[], byte[])"/> builds the
/// complete frame around the filled array, as three segments (head, payload, CRLF), for the scanner and
/// the reply parsers to read like any other; <see cref="TryGetPayload"/> lets <see cref="RespReader"/> hand
/// that array to the caller as it is instead of copying it again.
/// </summary>
internal static class LargeBulkFrame
{
    // The type byte, a length line (at most MaxNumberLineLength bytes) and CRLF, then a verbatim
    // string's format ("txt:").
    private const int MaxHeadLength = 1 + RespConstants.MaxNumberLineLength + RespConstants.CrlfLength + RespConstants.VerbatimFormatLength;

    private static readonly byte[] Terminator = [RespConstants.CarriageReturn, RespConstants.LineFeed];

    /// <summary>
    /// Recognises, at the start of <paramref name="buffer"/>, the head of a bulk or verbatim string that
    /// declares at least <paramref name="minimumLength"/> bytes (and no more than the limits allow) and has
    /// not all arrived. Anything else (a shorter or complete frame, another type, a head not all received
    /// or not well formed) gives false, and is left to the scanner.
    /// </summary>
    /// <param name="buffer">Received bytes; the first byte starts a top-level frame.</param>
    /// <param name="minimumLength">The smallest declared length recognised.</param>
    /// <param name="limits">The limits whose <see cref="ProtocolLimits.MaxBulkLength"/> bounds the length.</param>
    /// <param name="head">The frame's bytes before its payload array: the header line and a verbatim string's format.</param>
    /// <param name="payloadLength">The length of the payload array (a verbatim string's without its format).</param>
    public static bool TryReadHead(
        in ReadOnlySequence<byte> buffer,
        long minimumLength,
        ProtocolLimits limits,
        [NotNullWhen(true)] out byte[]? head,
        out int payloadLength)
    {
        head = null;
        payloadLength = 0;
        if (buffer.IsEmpty)
        {
            return false;
        }

        var prefix = (RespPrefix)buffer.FirstSpan[0];
        if (prefix is not (RespPrefix.BulkString or RespPrefix.VerbatimString))
        {
            return false;
        }

        Span<byte> start = stackalloc byte[MaxHeadLength];
        start = start[..(int)Math.Min(buffer.Length, MaxHeadLength)];
        buffer.Slice(0, start.Length).CopyTo(start);
        var lineFeed = start.IndexOf(RespConstants.LineFeed);
        if (lineFeed < 2
            || start[lineFeed - 1] != RespConstants.CarriageReturn
            || !RespNumber.TryParseInt64(start[1..(lineFeed - 1)], out var length)
            || length < minimumLength
            || length > limits.MaxBulkLength
            || length > Array.MaxLength
            || buffer.Length - (lineFeed + 1) >= length + RespConstants.CrlfLength)
        {
            return false;
        }

        var headLength = lineFeed + 1;
        if (prefix == RespPrefix.VerbatimString)
        {
            headLength += RespConstants.VerbatimFormatLength;
            if (length < RespConstants.VerbatimFormatLength || start.Length < headLength || start[headLength - 1] != (byte)':')
            {
                return false;
            }
        }

        head = start[..headLength].ToArray();
        payloadLength = (int)(length - (headLength - (lineFeed + 1)));
        return true;
    }

    /// <summary>
    /// The complete frame: <paramref name="head"/> (from <see cref="TryReadHead"/>), the filled
    /// <paramref name="payload"/> and the terminating CRLF, which the caller has checked.
    /// </summary>
    public static ReadOnlySequence<byte> Create(byte[] head, byte[] payload) => Create(head, payload, payload.Length, pooled: false);

    /// <summary>
    /// <see cref="Create(byte[], byte[])"/> with a payload of <paramref name="payloadLength"/> bytes at the
    /// start of <paramref name="payload"/>, which is rented from <see cref="ArrayPool{T}.Shared"/> when
    /// <paramref name="pooled"/>: then only <see cref="TryTakePooledPayload"/> hands it over, once.
    /// </summary>
    public static ReadOnlySequence<byte> Create(byte[] head, byte[] payload, int payloadLength, bool pooled)
    {
        var first = new Segment(head, head.Length, payload: null, pooled: false, runningIndex: 0);
        var middle = first.Append(payload, payloadLength, payload, pooled);
        var last = middle.Append(Terminator, Terminator.Length, payload: null, pooled: false);
        return new ReadOnlySequence<byte>(first, 0, last, Terminator.Length);
    }

    /// <summary>
    /// Whether <paramref name="value"/>, a bulk value read from a frame, is exactly the pooled payload of a
    /// frame made by <see cref="Create(byte[], byte[], int, bool)"/> that nobody took yet; then the rented
    /// array is handed over (the value is its first <c>value.Length</c> bytes) and is the taker's to return.
    /// </summary>
    public static bool TryTakePooledPayload(in ReadOnlySequence<byte> value, [NotNullWhen(true)] out byte[]? payload)
    {
        if (value.Start.GetObject() is Segment { Pooled: true } segment
            && value.Start.GetInteger() == 0
            && value.Length == segment.Memory.Length
            && segment.TryTake())
        {
            payload = segment.Payload!;
            return true;
        }

        payload = null;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/>, a bulk value read from a frame, is exactly the payload array of a
    /// frame made by <see cref="Create(byte[], byte[])"/>; then that array is handed over as it is. The array was
    /// allocated for this one reply and nothing else refers to it, so the caller may keep it.
    /// </summary>
    public static bool TryGetPayload(in ReadOnlySequence<byte> value, [NotNullWhen(true)] out byte[]? payload)
    {
        // Starting at the payload segment's first byte and as long as the array: exactly the array.
        // A pooled payload is never given away here: the pool may hand its array to someone else.
        payload = value.Start.GetObject() is Segment { Pooled: false } segment ? segment.Payload : null;
        if (payload is not null && value.Start.GetInteger() == 0 && value.Length == payload.Length)
        {
            return true;
        }

        payload = null;
        return false;
    }

    /// <summary>One of the frame's three segments; the payload's knows its array.</summary>
    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private int _taken;

        public Segment(byte[] memory, int length, byte[]? payload, bool pooled, long runningIndex)
        {
            Memory = memory.AsMemory(0, length);
            Payload = payload;
            Pooled = pooled;
            RunningIndex = runningIndex;
        }

        /// <summary>The payload array, on the payload's segment; null on the head's and the terminator's.</summary>
        public byte[]? Payload { get; }

        /// <summary>Whether <see cref="Payload"/> is rented from the shared pool.</summary>
        public bool Pooled { get; }

        public Segment Append(byte[] memory, int length, byte[]? payload, bool pooled)
        {
            var next = new Segment(memory, length, payload, pooled, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }

        /// <summary>True the first time only: a pooled payload has one owner.</summary>
        public bool TryTake() => Interlocked.Exchange(ref _taken, 1) == 0;
    }
}
