using System.Buffers;
using System.Text;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

public sealed class RespWriterTests
{
    [TestCase("foo", "$3\r\nfoo\r\n")]
    [TestCase("", "$0\r\n\r\n")]
    [TestCase("h\u00e9llo \u20ac", "$10\r\nh\u00e9llo \u20ac\r\n")]
    [TestCase("\ud83d\ude00", "$4\r\n\ud83d\ude00\r\n")]
    public void Strings_are_written_as_utf8_bulk_strings(string value, string expected)
    {
        Assert.That(Written(w => RespWriter.WriteBulkString(w, value)), Is.EqualTo(Wire.Bytes(expected)));
    }

    [Test]
    public void Text_of_every_length_around_the_one_pass_bound_is_written_as_its_utf8_bytes()
    {
        // Text up to RespWriter.OnePassStringLength characters is encoded after room for three bytes a
        // character and moved back when its header is shorter; longer text is measured first. Both must
        // give Encoding.UTF8's bytes: ASCII, two- and three-byte characters, surrogate pairs, and lone
        // surrogates (U+FFFD), at every length where the header's digit count changes.
        string[] pieces = ["a", "\u00e9", "\u20ac", "\ud83d\ude00", "\ud800", "\udc00"];
        var random = new Random(7);
        var mismatches = new List<string>();
        for (var length = 0; length <= RespWriter.OnePassStringLength + 40; length++)
        {
            foreach (var piece in pieces)
            {
                var text = new StringBuilder();
                while (text.Length < length)
                {
                    text.Append(random.Next(3) == 0 ? piece : "k");
                }

                var value = text.ToString(0, length);
                var payload = Encoding.UTF8.GetBytes(value);
                byte[] expected = [.. Encoding.ASCII.GetBytes($"${payload.Length}\r\n"), .. payload, .. "\r\n"u8];
                if (!Written(w => RespWriter.WriteBulkString(w, value)).AsSpan().SequenceEqual(expected))
                {
                    mismatches.Add($"{length} chars, piece {Array.IndexOf(pieces, piece)}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void Bytes_are_written_unchanged_including_crlf_inside()
    {
        byte[] value = [0, 13, 10, 255];

        Assert.That(Written(w => RespWriter.WriteBulkString(w, value)), Is.EqualTo((byte[])[.. "$4\r\n"u8, 0, 13, 10, 255, .. "\r\n"u8]));
    }

    [Test]
    public void A_large_payload_is_written_whole_with_the_same_bytes()
    {
        var value = new byte[200_000];
        new Random(1).NextBytes(value);

        var written = Written(w => RespWriter.WriteBulkString(w, value));

        Assert.That(written, Is.EqualTo((byte[])[.. "$200000\r\n"u8, .. value, .. "\r\n"u8]));
    }

    [TestCase(0L, "$1\r\n0\r\n")]
    [TestCase(-1L, "$2\r\n-1\r\n")]
    [TestCase(1234567890123L, "$13\r\n1234567890123\r\n")]
    [TestCase(long.MaxValue, "$19\r\n9223372036854775807\r\n")]
    [TestCase(long.MinValue, "$20\r\n-9223372036854775808\r\n")]
    public void Integers_are_written_as_decimal_text(long value, string expected)
    {
        Assert.That(Written(w => RespWriter.WriteBulkString(w, value)), Is.EqualTo(Wire.Bytes(expected)));
    }

    [TestCase(1.5, "$3\r\n1.5\r\n")]
    [TestCase(0d, "$1\r\n0\r\n")]
    [TestCase(-0d, "$2\r\n-0\r\n")]
    [TestCase(0.1, "$3\r\n0.1\r\n")]
    [TestCase(1e300, "$6\r\n1E+300\r\n")]
    [TestCase(-2.5e-10, "$8\r\n-2.5E-10\r\n")]
    [TestCase(double.PositiveInfinity, "$3\r\ninf\r\n")]
    [TestCase(double.NegativeInfinity, "$4\r\n-inf\r\n")]
    [TestCase(double.MaxValue, "$23\r\n1.7976931348623157E+308\r\n")]
    public void Doubles_are_written_as_shortest_round_trip_text_with_redis_infinities(double value, string expected)
    {
        var written = Written(w => RespWriter.WriteBulkString(w, value));

        Assert.That(written, Is.EqualTo(Wire.Bytes(expected)));
    }

    [Test]
    public void Doubles_written_read_back_as_the_same_value()
    {
        foreach (var value in new[] { Math.PI, -1.0 / 3, double.Epsilon, 5e-324, 123456789.125 })
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(Written(w => RespWriter.WriteBulkString(w, value))));
            reader.TryMoveNext();
            Assert.That(reader.ReadDouble(), Is.EqualTo(value));
        }
    }

    [Test]
    public void NaN_is_refused_because_redis_does_not_accept_it()
    {
        Assert.Throws<ArgumentException>(() => Written(w => RespWriter.WriteBulkString(w, double.NaN)));
        Assert.Throws<ArgumentException>(() => Written(w => RespWriter.WriteBulkString(w, (RedisValue)double.NaN)));
    }

    [Test]
    public void Keys_and_values_are_written_by_their_representation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisKey)"k\u00e9")), Is.EqualTo(Wire.Bytes("$3\r\nk\u00e9\r\n")));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisKey)new byte[] { 1, 2 })), Is.EqualTo((byte[])[.. "$2\r\n"u8, 1, 2, .. "\r\n"u8]));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisValue)"v")), Is.EqualTo(Wire.Bytes("$1\r\nv\r\n")));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisValue)new byte[] { 9 })), Is.EqualTo((byte[])[.. "$1\r\n"u8, 9, .. "\r\n"u8]));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisValue)(-42))), Is.EqualTo(Wire.Bytes("$3\r\n-42\r\n")));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisValue)2.5)), Is.EqualTo(Wire.Bytes("$3\r\n2.5\r\n")));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, (RedisValue)true)), Is.EqualTo(Wire.Bytes("$1\r\n1\r\n")));
            Assert.That(Written(w => RespWriter.WriteBulkString(w, RedisValue.EmptyString)), Is.EqualTo(Wire.Bytes("$0\r\n\r\n")));
        });
    }

    [Test]
    public void Null_keys_and_values_are_refused_because_redis_has_no_null_argument()
    {
        Assert.Throws<ArgumentException>(() => Written(w => RespWriter.WriteBulkString(w, RedisValue.Null)));
        Assert.Throws<ArgumentException>(() => Written(w => RespWriter.WriteBulkString(w, default(RedisKey))));
    }

    [Test]
    public void A_command_is_an_array_header_a_precomputed_name_and_bulk_arguments()
    {
        var set = CommandToken.Create("SET");
        var shared = CommandToken.Get("GET");

        var written = Written(w =>
        {
            RespWriter.WriteArrayHeader(w, 3);
            RespWriter.WriteCommandToken(w, set);
            RespWriter.WriteBulkString(w, (RedisKey)"key");
            RespWriter.WriteBulkString(w, (RedisValue)"value");
        });

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(written), Is.EqualTo("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"));
            Assert.That(Encoding.UTF8.GetString(set.Encoded), Is.EqualTo("$3\r\nSET\r\n"));
            Assert.That(CommandToken.Get("GET"), Is.SameAs(shared));
            Assert.That(Written(w => RespWriter.WriteArrayHeader(w, 0)), Is.EqualTo(Wire.Bytes("*0\r\n")));
        });
    }

    [Test]
    public void Encoding_a_command_allocates_nothing()
    {
        var writer = new ArrayBufferWriter<byte>(256);
        var get = CommandToken.Create("GET");
        RedisKey key = "user:1";
        RedisValue value = "some value";

        void Encode()
        {
            writer.ResetWrittenCount();
            RespWriter.WriteArrayHeader(writer, 3);
            RespWriter.WriteCommandToken(writer, get);
            RespWriter.WriteBulkString(writer, key);
            RespWriter.WriteBulkString(writer, value);
            RespWriter.WriteBulkString(writer, 12345L);
            RespWriter.WriteBulkString(writer, 1.25);
        }

        Encode();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Encode();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static byte[] Written(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>(1);
        write(writer);
        return writer.WrittenSpan.ToArray();
    }
}
