using System.Buffers;
using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

/// <summary>
/// A large bulk reply received into an array of its own: recognised from its head, rebuilt as a frame
/// around the array, scanned like any frame, and read by the byte-returning parsers without a copy.
/// </summary>
public sealed class LargeBulkFrameTests
{
    private const int Minimum = 16;

    [TestCase("$20\r\n", 20)]
    [TestCase("$20\r\nabc", 20)]
    [TestCase("$16\r\n0123456789abcde", 16)]
    [TestCase("$16\r\n0123456789abcdef\r", 16)]
    [TestCase("=20\r\ntxt:", 16)]
    [TestCase("=20\r\ntxt:abc", 16)]
    public void The_head_of_a_large_bulk_reply_not_all_received_is_recognised(string received, int payloadLength)
    {
        Assert.That(LargeBulkFrame.TryReadHead(Wire.Whole(received), Minimum, ProtocolLimits.Default, out var head, out var length), Is.True);
        var headText = received[..(received.IndexOf('\n') + 1 + (received[0] == '=' ? 4 : 0))];

        Assert.That(head, Is.EqualTo(Wire.Bytes(headText)));
        Assert.That(length, Is.EqualTo(payloadLength));
    }

    [TestCase("", TestName = "Nothing received is not a large bulk reply")]
    [TestCase("$15\r\n", TestName = "A bulk reply shorter than the minimum is not a large one")]
    [TestCase("$16\r\n0123456789abcdef\r\n", TestName = "A complete bulk reply is left to the scanner")]
    [TestCase("$-1\r\n", TestName = "A null bulk reply is not a large one")]
    [TestCase("$20", TestName = "A head not all received is not recognised yet")]
    [TestCase("$20\r", TestName = "A head without its line feed is not recognised yet")]
    [TestCase("$2x\r\n", TestName = "A malformed length is left to the scanner")]
    [TestCase("$20\n", TestName = "A length line without CR is left to the scanner")]
    [TestCase("=20\r\ntxt", TestName = "A verbatim string whose format has not all arrived is not recognised yet")]
    [TestCase("=20\r\ntxt;", TestName = "A verbatim string without its colon is left to the scanner")]
    [TestCase("*1\r\n$20\r\n", TestName = "A bulk string inside an array is not a top-level large reply")]
    [TestCase("!20\r\n", TestName = "A bulk error is not a large reply")]
    [TestCase("$1000\r\n", TestName = "A bulk reply over the limit is left to the scanner, which refuses it")]
    public void Other_input_is_not_taken_for_a_large_bulk_reply(string received)
    {
        var limits = ProtocolLimits.Default with { MaxBulkLength = 999 };

        Assert.That(LargeBulkFrame.TryReadHead(Wire.Whole(received), Minimum, limits, out _, out _), Is.False);
    }

    [Test]
    public void The_head_is_recognised_across_segments()
    {
        var received = Wire.Bytes("=20\r\ntxt:abc");

        foreach (var (cut, sequence) in Wire.EverySplit(received))
        {
            Assert.That(LargeBulkFrame.TryReadHead(sequence, Minimum, ProtocolLimits.Default, out var head, out var length), Is.True, $"cut at {cut}");
            Assert.That(head, Is.EqualTo(Wire.Bytes("=20\r\ntxt:")));
            Assert.That(length, Is.EqualTo(16));
        }
    }

    [TestCase("$", '$')]
    [TestCase("=", '=')]
    public void The_rebuilt_frame_scans_as_one_frame_and_hands_its_array_to_byte_parsers(string type, char prefix)
    {
        var payload = Payload(100);
        var frame = Rebuilt(type, payload);

        Assert.That(Wire.Scan(frame, out var length), Is.True);
        Assert.That(length, Is.EqualTo(frame.Length));
        var reader = new RespReader(frame);
        Assert.That(reader.TryMoveNext(), Is.True);
        Assert.That(reader.Prefix, Is.EqualTo((RespPrefix)prefix));
        Assert.That(reader.ReadBytes(), Is.SameAs(payload));
        Assert.That((byte[]?)ReplyParsers.Value.Parse(ref reader), Is.SameAs(payload));
    }

    [Test]
    public void Text_parsers_read_the_rebuilt_frame_like_any_other()
    {
        var payload = Wire.Bytes(new string('x', 40));
        var reader = new RespReader(Rebuilt("$", payload));
        reader.TryMoveNext();

        Assert.That(reader.ReadString(), Is.EqualTo(new string('x', 40)));
    }

    [Test]
    public void A_bulk_value_of_an_ordinary_frame_is_copied_even_when_it_fills_a_segment()
    {
        // The payload fills its own segment exactly, as a pipe's pooled buffer could: it must still be
        // copied, because the pipe reuses that buffer.
        var data = Wire.Bytes("$4\r\nabcd\r\n");
        var frame = Wire.Split(data, 4, 8);
        var reader = new RespReader(frame);
        reader.TryMoveNext();

        var bytes = reader.ReadBytes();

        Assert.That(bytes, Is.EqualTo(Wire.Bytes("abcd")));
        Assert.That(LargeBulkFrame.TryGetPayload(reader.ValueSequence, out _), Is.False);
    }

    private static ReadOnlySequence<byte> Rebuilt(string type, byte[] payload)
    {
        var declared = type == "=" ? payload.Length + 4 : payload.Length;
        var received = Wire.Bytes($"{type}{declared}\r\n{(type == "=" ? "txt:" : string.Empty)}");
        Assert.That(LargeBulkFrame.TryReadHead(new ReadOnlySequence<byte>(received), Minimum, ProtocolLimits.Default, out var head, out var length), Is.True);
        Assert.That(length, Is.EqualTo(payload.Length));
        return LargeBulkFrame.Create(head!, payload);
    }

    private static byte[] Payload(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        return payload;
    }
}
