using Multiplex.Commands.Bitmaps;
using Multiplex.Commands.Keys;
using Multiplex.Commands.Strings;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Commands;

/// <summary>The string, bitmap and key reply parsers: RESP3 and RESP2 shapes give the same values, whole or split.</summary>
public sealed class TypedReplyParserTests
{
    private const string LcsResp3 =
        "%2\r\n+matches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n+len\r\n:6\r\n";

    private const string LcsResp2 =
        "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n";

    [TestCase(LcsResp3)]
    [TestCase(LcsResp2)]
    public void Lcs_idx_reads_a_map_or_a_flat_array(string wire)
    {
        foreach (var frame in Wire.Layouts(wire))
        {
            var result = Wire.Parse(StringParsers.LcsIdx, frame);
            Assert.That(result.Length, Is.EqualTo(6));
            Assert.That(result.Matches, Is.EqualTo(new[] { new LcsMatch(4, 7, 5, 8, 4), new LcsMatch(2, 3, 0, 1, 2) }));
        }
    }

    [Test]
    public void Lcs_idx_skips_unknown_fields()
    {
        var result = Wire.Parse(StringParsers.LcsIdx, Wire.Whole("%3\r\n+extra\r\n*1\r\n:1\r\n+matches\r\n*0\r\n+len\r\n:0\r\n"));
        Assert.That(result.Matches, Is.Empty);
        Assert.That(result.Length, Is.Zero);
    }

    [TestCase("*3\r\n:1\r\n_\r\n:-5\r\n")]
    [TestCase("*3\r\n:1\r\n$-1\r\n:-5\r\n")]
    public void Bitfield_results_keep_nulls(string wire)
    {
        foreach (var frame in Wire.Layouts(wire))
        {
            Assert.That(Wire.Parse(BitmapParsers.NullableInt64Array, frame), Is.EqualTo(new long?[] { 1, null, -5 }));
        }
    }

    [TestCase("*2\r\n$20\r\n18446744073709551615\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", 18446744073709551615UL)]
    [TestCase("*2\r\n$1\r\n0\r\n*0\r\n", 0UL)]
    public void Scan_pages_read_an_unsigned_cursor_and_keys(string wire, ulong cursor)
    {
        foreach (var frame in Wire.Layouts(wire))
        {
            var page = Wire.Parse(KeyParsers.Scan, frame);
            Assert.That(page.Cursor, Is.EqualTo(cursor));
            Assert.That(page.Keys.Select(k => k.ToString()), Is.EqualTo(cursor == 0 ? Array.Empty<string>() : new[] { "a", "b" }));
        }
    }

    [Test]
    public void A_scan_cursor_that_is_not_a_number_is_a_protocol_error()
    {
        Assert.Throws<RedisProtocolException>(() => Wire.Parse(KeyParsers.Scan, Wire.Whole("*2\r\n$2\r\n1x\r\n*0\r\n")));
    }

    [TestCase("+string\r\n", RedisType.String)]
    [TestCase("+zset\r\n", RedisType.SortedSet)]
    [TestCase("+none\r\n", RedisType.None)]
    [TestCase("+vectorset\r\n", RedisType.VectorSet)]
    [TestCase("+ReJSON-RL\r\n", RedisType.Unknown)]
    public void Type_replies_map_to_the_enum(string wire, RedisType expected)
    {
        Assert.That(Wire.Parse(KeyParsers.Type, Wire.Whole(wire)), Is.EqualTo(expected));
    }

    [TestCase("*3\r\n$1\r\na\r\n_\r\n$0\r\n\r\n")]
    [TestCase("*3\r\n$1\r\na\r\n$-1\r\n$0\r\n\r\n")]
    public void Value_arrays_keep_nulls_and_empty_values(string wire)
    {
        var values = Wire.Parse(StringParsers.ValueArray, Wire.Whole(wire));
        Assert.That(values, Has.Length.EqualTo(3));
        Assert.That((string?)values[0], Is.EqualTo("a"));
        Assert.That(values[1].IsNull, Is.True);
        Assert.That((string?)values[2], Is.EqualTo(string.Empty));
    }
}
