using System.Buffers;
using System.Text;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

public sealed class RespReaderTests
{
    [TestCase(":42\r\n", 42L)]
    [TestCase(":-9223372036854775808\r\n", long.MinValue)]
    [TestCase("+17\r\n", 17L)]
    [TestCase("$3\r\n-12\r\n", -12L)]
    [TestCase("(9223372036854775807\r\n", long.MaxValue)]
    public void Integers_are_read_from_integer_and_text_replies(string wire, long expected)
    {
        EachLayout(wire, (ref RespReader reader) => Assert.That(reader.ReadInt64(), Is.EqualTo(expected)));
    }

    [TestCase(",1.5\r\n", 1.5)]
    [TestCase(",-2.5e3\r\n", -2500d)]
    [TestCase(",1e300\r\n", 1e300)]
    [TestCase(",inf\r\n", double.PositiveInfinity)]
    [TestCase(",-inf\r\n", double.NegativeInfinity)]
    [TestCase(",nan\r\n", double.NaN)]
    [TestCase(":3\r\n", 3d)]
    [TestCase("$4\r\n0.25\r\n", 0.25)]
    [TestCase("+-0.5\r\n", -0.5)]
    public void Doubles_are_read_from_double_integer_and_text_replies(string wire, double expected)
    {
        EachLayout(wire, (ref RespReader reader) => Assert.That(reader.ReadDouble(), Is.EqualTo(expected)));
    }

    [TestCase("#t\r\n", true)]
    [TestCase("#f\r\n", false)]
    [TestCase(":1\r\n", true)]
    [TestCase(":0\r\n", false)]
    public void Booleans_are_read_from_boolean_and_integer_replies(string wire, bool expected)
    {
        EachLayout(wire, (ref RespReader reader) => Assert.That(reader.ReadBoolean(), Is.EqualTo(expected)));
    }

    [TestCase("+OK\r\n", "OK")]
    [TestCase("-ERR no\r\n", "ERR no")]
    [TestCase("$4\r\nh\u00e9l\r\n", "h\u00e9l")]
    [TestCase("$0\r\n\r\n", "")]
    [TestCase("=15\r\ntxt:Some string\r\n", "Some string")]
    [TestCase("!5\r\nERR x\r\n", "ERR x")]
    [TestCase("(123456789012345678901234567890\r\n", "123456789012345678901234567890")]
    [TestCase("$-1\r\n", null)]
    [TestCase("_\r\n", null)]
    public void Text_is_read_as_utf8_with_verbatim_formats_removed(string wire, string? expected)
    {
        EachLayout(wire, (ref RespReader reader) =>
        {
            Assert.That(reader.ReadString(), Is.EqualTo(expected));
            Assert.That(reader.ReadBytes(), Is.EqualTo(expected is null ? null : Encoding.UTF8.GetBytes(expected)));
            Assert.That(reader.IsNull, Is.EqualTo(expected is null));
        });
    }

    [Test]
    public void Values_are_read_with_the_representation_of_their_type()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Value("$3\r\nbar\r\n").RawObject, Is.EqualTo("bar"u8.ToArray()));
            Assert.That(Value("+PONG\r\n").RawObject, Is.EqualTo("PONG"));
            Assert.That(Value(":7\r\n").Kind, Is.EqualTo(RedisValueKind.Int64));
            Assert.That(Value(",1.5\r\n").Kind, Is.EqualTo(RedisValueKind.Double));
            Assert.That((bool)Value("#t\r\n"), Is.True);
            Assert.That(Value("_\r\n").IsNull, Is.True);
            Assert.That(Value("$-1\r\n").IsNull, Is.True);
            Assert.That((string?)Value("+OK\r\n"), Is.EqualTo("OK"));
        });
    }

    [Test]
    public void Ok_is_recognised_without_decoding_it()
    {
        EachLayout("+OK\r\n", (ref RespReader reader) =>
        {
            Assert.That(reader.ValueEquals(RespConstants.Ok), Is.True);
            Assert.That(reader.ValueEquals("OKAY"u8), Is.False);
            Assert.That(reader.ValueEquals("NO"u8), Is.False);
        });
    }

    [Test]
    public void Aggregate_headers_report_their_children_and_maps_count_keys_and_values()
    {
        EachLayout("%2\r\n+a\r\n:1\r\n+b\r\n*2\r\n:2\r\n:3\r\n", (ref RespReader reader) =>
        {
            Assert.That((reader.Prefix, reader.IsAggregate, reader.IsScalar, reader.ChildCount), Is.EqualTo((RespPrefix.Map, true, false, 4)));
            Assert.That(reader.TryMoveNext() && reader.ReadString() == "a", Is.True);
            Assert.That(reader.TryMoveNext() && reader.ReadInt64() == 1, Is.True);
            Assert.That(reader.TryMoveNext() && reader.ReadString() == "b", Is.True);
            Assert.That(reader.TryMoveNext() && reader.ChildCount == 2, Is.True);
            Assert.That(reader.TryMoveNext() && reader.ReadInt64() == 2, Is.True);
            Assert.That(reader.TryMoveNext() && reader.ReadInt64() == 3, Is.True);
            Assert.That(reader.TryMoveNext(), Is.False);
        });
    }

    [Test]
    public void Skipping_children_moves_past_the_whole_subtree()
    {
        EachLayout("*3\r\n*2\r\n%1\r\n+k\r\n*1\r\n:9\r\n|1\r\n+t\r\n:1\r\n$1\r\nz\r\n:5\r\n:6\r\n", (ref RespReader reader) =>
        {
            reader.TryMoveNext();
            reader.SkipChildren();
            Assert.That(reader.Prefix, Is.EqualTo(RespPrefix.Array));
            Assert.That(reader.TryMoveNext() && reader.ReadInt64() == 5, Is.True);
            Assert.That(reader.TryMoveNext() && reader.ReadInt64() == 6, Is.True);
            Assert.That(reader.IsAtEnd, Is.True);
        });
    }

    [Test]
    public void Attributes_are_skipped_unless_read_raw()
    {
        const string Wire1 = "|1\r\n+ttl\r\n:3600\r\n$1\r\nx\r\n";
        EachLayout(Wire1, (ref RespReader reader) => Assert.That(reader.ReadString(), Is.EqualTo("x")));

        var raw = new RespReader(Wire.Whole(Wire1));
        Assert.That(raw.TryMoveNextRaw(), Is.True);
        Assert.That((raw.Prefix, raw.ChildCount), Is.EqualTo((RespPrefix.Attribute, 2)));
    }

    [Test]
    public void Nulls_of_both_protocols_are_null_scalars()
    {
        foreach (var wire in new[] { "_\r\n", "$-1\r\n", "*-1\r\n" })
        {
            EachLayout(wire, (ref RespReader reader) =>
            {
                Assert.That((reader.IsNull, reader.IsScalar, reader.IsAggregate), Is.EqualTo((true, true, false)), wire);
                Assert.That(reader.ReadRedisValue().IsNull, Is.True);
            });
        }
    }

    [Test]
    public void Errors_are_flagged()
    {
        EachLayout("-ERR x\r\n", (ref RespReader reader) => Assert.That(reader.IsError, Is.True));
        EachLayout("!1\r\nx\r\n", (ref RespReader reader) => Assert.That(reader.IsError, Is.True));
        EachLayout("+x\r\n", (ref RespReader reader) => Assert.That(reader.IsError, Is.False));
    }

    [Test]
    public void The_value_sequence_is_the_payload_without_framing()
    {
        EachLayout("$5\r\nhello\r\n", (ref RespReader reader) =>
            Assert.That(reader.ValueSequence.ToArray(), Is.EqualTo("hello"u8.ToArray())));
    }

    [TestCase("+abc\r\n")]
    [TestCase("#t\r\n")]
    [TestCase("*1\r\n:1\r\n")]
    [TestCase("_\r\n")]
    public void Reading_an_integer_from_a_reply_that_is_not_one_is_a_protocol_error(string wire)
    {
        var reader = new RespReader(Wire.Whole(wire));
        reader.TryMoveNext();
        var threw = false;
        try
        {
            reader.ReadInt64();
        }
        catch (RedisProtocolException)
        {
            threw = true;
        }

        Assert.That(threw, Is.True);
    }

    private delegate void ReaderCheck(ref RespReader reader);

    private static RedisValue Value(string wire)
    {
        var reader = new RespReader(Wire.Whole(wire));
        reader.TryMoveNext();
        return reader.ReadRedisValue();
    }

    /// <summary>Runs the check on the first element of the frame, whole and split at every byte.</summary>
    private static void EachLayout(string wire, ReaderCheck check)
    {
        var data = Wire.Bytes(wire);
        var layouts = new List<(string Name, ReadOnlySequence<byte> Sequence)> { ("whole", new ReadOnlySequence<byte>(data)) };
        layouts.AddRange(Wire.EverySplit(data).Select(s => ($"cut at {s.Cut}", s.Sequence)));
        layouts.Add(("byte per segment", Wire.BytePerSegment(data)));
        foreach (var (name, sequence) in layouts)
        {
            Assert.That(Wire.Scan(sequence, out var length) && length == data.Length, Is.True, name);
            var reader = new RespReader(sequence);
            Assert.That(reader.TryMoveNext(), Is.True, name);
            check(ref reader);
        }
    }
}
