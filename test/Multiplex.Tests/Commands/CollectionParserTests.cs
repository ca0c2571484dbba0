using System.Buffers;
using Multiplex.Commands;
using Multiplex.Commands.Collections;
using Multiplex.Commands.Lists;
using Multiplex.Protocol;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Commands;

/// <summary>
/// The collection parsers over the reply shapes RESP2 and RESP3 servers send, each read whole and one
/// byte per segment: every shape of the same data must give the same .NET value.
/// </summary>
public sealed class CollectionParserTests
{
    [TestCase("%2\r\n$1\r\na\r\n$1\r\n1\r\n+b\r\n:2\r\n", TestName = "RESP3 map")]
    [TestCase("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", TestName = "RESP2 flat array")]
    [TestCase("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", TestName = "RESP3 nested pairs")]
    [TestCase("|1\r\n+meta\r\n+x\r\n%2\r\n$1\r\na\r\n$1\r\n1\r\n|1\r\n+m\r\n+y\r\n$1\r\nb\r\n$1\r\n2\r\n", TestName = "map with attributes")]
    public void Field_value_pairs_read_the_same_from_every_shape(string wire)
    {
        foreach (var entries in ParseBothWays(wire, CollectionParsers.HashEntries))
        {
            Assert.That(entries, Is.EqualTo(new HashEntry[] { new("a", "1"), new("b", "2") }));
        }
    }

    [TestCase("*-1\r\n")]
    [TestCase("_\r\n")]
    [TestCase("*0\r\n")]
    [TestCase("%0\r\n")]
    public void Null_and_empty_replies_give_no_pairs(string wire)
    {
        foreach (var entries in ParseBothWays(wire, CollectionParsers.HashEntries))
        {
            Assert.That(entries, Is.Empty);
        }
    }

    [TestCase("*3\r\n$1\r\na\r\n$-1\r\n$0\r\n\r\n", TestName = "RESP2 array with a null")]
    [TestCase("~3\r\n$1\r\na\r\n_\r\n$0\r\n\r\n", TestName = "RESP3 set with a null")]
    public void Values_keep_order_and_nulls(string wire)
    {
        foreach (var values in ParseBothWays(wire, CollectionParsers.Values))
        {
            Assert.That(values, Is.EqualTo(new RedisValue[] { "a", RedisValue.Null, "" }));
            Assert.That(values[1].IsNull, Is.True);
        }
    }

    [TestCase("*3\r\n:1\r\n:0\r\n:1\r\n")]
    [TestCase("*3\r\n#t\r\n#f\r\n#t\r\n")]
    public void Membership_flags_read_from_integers_and_booleans(string wire)
    {
        foreach (var flags in ParseBothWays(wire, CollectionParsers.Booleans))
        {
            Assert.That(flags, Is.EqualTo(new[] { true, false, true }));
        }
    }

    [Test]
    public void A_cursor_page_keeps_the_cursor_text_and_the_items()
    {
        foreach (var page in ParseBothWays("*2\r\n$20\r\n18446744073709551615\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", CursorPageParsers.HashEntries))
        {
            Assert.That((string?)page.Cursor, Is.EqualTo("18446744073709551615"));
            Assert.That(page.IsFinal, Is.False);
            Assert.That(page.Items, Is.EqualTo(new HashEntry[] { new("f", "v") }));
        }

        foreach (var page in ParseBothWays("*2\r\n$1\r\n0\r\n*0\r\n", CursorPageParsers.Values))
        {
            Assert.That(page.IsFinal, Is.True);
            Assert.That(page.Items, Is.Empty);
        }
    }

    [Test]
    public void An_lmpop_reply_names_the_list_and_its_elements()
    {
        foreach (var result in ParseBothWays("*2\r\n$4\r\nlist\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", ListPopResultParser.Instance))
        {
            Assert.That((string?)result!.Key, Is.EqualTo("list"));
            Assert.That(result.Values, Is.EqualTo(new RedisValue[] { "a", "b" }));
        }

        foreach (var result in ParseBothWays("*-1\r\n", ListPopResultParser.Instance))
        {
            Assert.That(result, Is.Null);
        }
    }

    private static List<T> ParseBothWays<T>(string wire, ReplyParser<T> parser)
    {
        var bytes = Wire.Bytes(wire);
        return [Parse(new ReadOnlySequence<byte>(bytes), parser), Parse(Wire.BytePerSegment(bytes), parser)];
    }

    private static T Parse<T>(in ReadOnlySequence<byte> frame, ReplyParser<T> parser)
    {
        Assert.That(Wire.Scan(frame, out var length), Is.True, "the test frame must be complete");
        Assert.That(length, Is.EqualTo(frame.Length), "the test frame must be exactly one reply");
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        var result = parser.Parse(ref reader);
        Assert.That(reader.IsAtEnd, Is.True, "the parser must consume the whole reply");
        return result;
    }
}
