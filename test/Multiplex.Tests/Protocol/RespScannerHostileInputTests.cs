using System.Buffers;
using System.Text;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

public sealed class RespScannerHostileInputTests
{
    // A hostile frame must be rejected well within this; a full scan of the input would take far longer.

    [TestCase("?foo\r\n", "unknown type byte 0x3F")]
    [TestCase("x\r\n", "unknown type byte")]
    [TestCase("*1\r\n?\r\n", "offset 4")]
    [TestCase(":12a\r\n", "not a valid")]
    [TestCase(":\r\n", "not a valid")]
    [TestCase(":-\r\n", "not a valid")]
    [TestCase(":123456789012345678901\r\n", "not a valid")]
    [TestCase(":99999999999999999999\r\n", "not a valid")]
    [TestCase(":9223372036854775808\r\n", "not a valid")]
    [TestCase(":1\n", "carriage return")]
    [TestCase(":1\rx\r\n", "not a valid")]
    [TestCase("$1234567890123456789012\r\n", "longer than the limit")]
    [TestCase("$-2\r\n", "negative length -2")]
    [TestCase("*-2\r\n", "negative length -2")]
    [TestCase("%-1\r\n", "negative length -1")]
    [TestCase("!-1\r\n", "negative length -1")]
    [TestCase("=-1\r\n", "negative length -1")]
    [TestCase("$?\r\n", "not a valid")]
    [TestCase("*4294967295\r\n", "exceeds the limit")]
    [TestCase("$9223372036854775807\r\n", "exceeds the limit")]
    [TestCase("%1073741824\r\n", "exceeds the limit")]
    [TestCase("|1073741824\r\n", "exceeds the limit")]
    [TestCase("~16777217\r\n", "exceeds the limit")]
    [TestCase("#x\r\n", "neither 't' nor 'f'")]
    [TestCase("#tt\r\n", "neither 't' nor 'f'")]
    [TestCase("#\r\n", "neither 't' nor 'f'")]
    [TestCase("_x\r\n", "null element")]
    [TestCase(",abc\r\n", "not a valid double")]
    [TestCase(",\r\n", "not a valid double")]
    [TestCase("(12a\r\n", "not a valid big number")]
    [TestCase("(\r\n", "not a valid big number")]
    [TestCase("(-\r\n", "not a valid big number")]
    [TestCase("$3\r\nfooXX", "not followed by CRLF")]
    [TestCase("*2\r\n:1\r\n$3\r\nfooXX", "offset 15")]
    [TestCase("*2\r\n(1\r\n(1x\r\n", "offset 8")]
    [TestCase("$3\r\nfoo\nX", "not followed by CRLF")]
    [TestCase("=3\r\ntxt\r\n", "verbatim")]
    [TestCase("=5\r\ntxtab\r\n", "verbatim")]
    [TestCase("*2\r\n:1\r\n#x\r\n", "offset 8")]
    public void Malformed_input_is_a_protocol_violation(string wire, string messagePart)
    {
        var data = Wire.Bytes(wire);

        var whole = Assert.Throws<RedisProtocolException>(() => Wire.Scan(new ReadOnlySequence<byte>(data), out _));
        Assert.That(whole!.Message, Does.Contain(messagePart).And.Contain("offset"));

        foreach (var (cut, sequence) in Wire.EverySplit(data))
        {
            var split = Assert.Throws<RedisProtocolException>(() => Wire.Scan(sequence, out _), $"cut at {cut}");
            Assert.That(split!.Message, Is.EqualTo(whole.Message), $"cut at {cut}");
        }
    }

    [TestCase("$3\r\nfo")]
    [TestCase("$3\r\nfoo\r")]
    [TestCase("*2\r\n:1\r\n")]
    [TestCase("%1\r\n+k\r\n")]
    [TestCase("|1\r\n+k\r\n:1\r\n")]
    [TestCase("*1\r\n*1\r\n*1\r\n")]
    [TestCase(":12")]
    [TestCase("+OK\r")]
    public void A_frame_cut_off_is_incomplete_and_never_an_error(string wire)
    {
        Assert.That(Wire.Scan(wire), Is.False);
    }

    [Test]
    public void A_million_nested_arrays_are_rejected_quickly_without_deep_recursion()
    {
        var wire = new StringBuilder().Insert(0, "*1\r\n", 1_000_000).Append(":1\r\n").ToString();
        var data = Wire.Bytes(wire);

        var error = Assert.Throws<RedisProtocolException>(() => Wire.Scan(new ReadOnlySequence<byte>(data), out _));

        // Rejected at the 129th header (byte 512 of 4 MB): nothing past the limit is read.
        Assert.That(error!.Message, Does.Contain("nested deeper than the limit of 128"));
        Assert.That(error.Message, Does.Contain("byte offset 512 "));
    }

    [Test]
    public void A_600_kilobyte_simple_string_is_rejected_before_its_line_ends()
    {
        var data = Wire.Bytes("+" + new string('a', 600 * 1024));

        var error = Assert.Throws<RedisProtocolException>(() => Wire.Scan(new ReadOnlySequence<byte>(data), out _));

        Assert.That(error!.Message, Does.Contain("longer than the limit of 65536 bytes"));
    }

    [Test]
    public void An_over_long_line_arriving_in_chunks_is_rejected_as_soon_as_it_passes_the_limit()
    {
        var limit = ProtocolLimits.Default.MaxLineLength;
        var data = Wire.Bytes("-" + new string('e', 600 * 1024));
        var chain = Wire.Split(data, Enumerable.Range(1, data.Length / 1024).Select(i => i * 1024).ToArray());
        var scanner = new RespScanner(ProtocolLimits.Default);

        // The line may still end in CRLF while at most limit + 1 bytes of it have arrived.
        Assert.That(scanner.TryScan(chain.Slice(0, 1 + limit + 1), out _), Is.False);
        Assert.Throws<RedisProtocolException>(() => scanner.TryScan(chain.Slice(0, 1 + limit + 2), out _));
    }

    [Test]
    public void Huge_declared_lengths_are_rejected_at_the_header_before_any_payload_arrives()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("$536870913\r\n"));
            Assert.That(Wire.Scan("$536870912\r\n"), Is.False, "at the limit: waits for the payload");
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("*16777217\r\n"));
            Assert.That(Wire.Scan("*16777216\r\n"), Is.False, "at the limit: waits for the elements");
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("%8388609\r\n"));
            Assert.That(Wire.Scan("%8388608\r\n"), Is.False, "at the limit: waits for the pairs");
        });
    }
}
