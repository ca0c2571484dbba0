namespace Multiplex.Tests.Protocol;

public sealed class RedisResultTests
{
    [TestCase("+OK\r\n", RedisResultType.SimpleString)]
    [TestCase("-ERR x\r\n", RedisResultType.SimpleError)]
    [TestCase(":1\r\n", RedisResultType.Integer)]
    [TestCase("$1\r\na\r\n", RedisResultType.BulkString)]
    [TestCase("$-1\r\n", RedisResultType.BulkString)]
    [TestCase("*0\r\n", RedisResultType.Array)]
    [TestCase("*-1\r\n", RedisResultType.Array)]
    [TestCase("_\r\n", RedisResultType.Null)]
    [TestCase("#t\r\n", RedisResultType.Boolean)]
    [TestCase(",1\r\n", RedisResultType.Double)]
    [TestCase("(1\r\n", RedisResultType.BigNumber)]
    [TestCase("!1\r\nx\r\n", RedisResultType.BulkError)]
    [TestCase("=5\r\nmkd:x\r\n", RedisResultType.VerbatimString)]
    [TestCase("%0\r\n", RedisResultType.Map)]
    [TestCase("~0\r\n", RedisResultType.Set)]
    [TestCase(">0\r\n", RedisResultType.Push)]
    public void Every_resp_type_becomes_a_result_of_that_type(string wire, RedisResultType expected)
    {
        Assert.That(Wire.Result(wire).Type, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(ValidFrames), nameof(ValidFrames.All))]
    public void Every_frame_renders_readably(string wire, string rendering, char prefix)
    {
        Assert.That(Wire.Result(wire).ToString(), Is.EqualTo(rendering));
    }

    [Test]
    public void Scalars_convert_to_their_natural_types()
    {
        Assert.Multiple(() =>
        {
            Assert.That((string?)Wire.Result("$3\r\nfoo\r\n"), Is.EqualTo("foo"));
            Assert.That((byte[]?)Wire.Result("$3\r\nfoo\r\n"), Is.EqualTo("foo"u8.ToArray()));
            Assert.That((long)Wire.Result(":-7\r\n"), Is.EqualTo(-7));
            Assert.That((long)Wire.Result("$2\r\n12\r\n"), Is.EqualTo(12));
            Assert.That((double)Wire.Result(",-inf\r\n"), Is.EqualTo(double.NegativeInfinity));
            Assert.That((double)Wire.Result("$3\r\n2.5\r\n"), Is.EqualTo(2.5));
            Assert.That((bool)Wire.Result("#t\r\n"), Is.True);
            Assert.That((bool)Wire.Result(":0\r\n"), Is.False);
            Assert.That((RedisValue)Wire.Result("+OK\r\n"), Is.EqualTo((RedisValue)"OK"));
            Assert.That((string?)Wire.Result("_\r\n"), Is.Null);
            Assert.That((byte[]?)Wire.Result("$-1\r\n"), Is.Null);
            Assert.That(((RedisValue)Wire.Result("_\r\n")).IsNull, Is.True);
            Assert.That((string?)Wire.Result("=15\r\ntxt:Some string\r\n"), Is.EqualTo("Some string"));
        });
    }

    [Test]
    public void Aggregates_expose_their_elements_and_convert_to_arrays()
    {
        var result = Wire.Result("*3\r\n:1\r\n$1\r\na\r\n*1\r\n#f\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.IsAggregate, Is.True);
            Assert.That(result.Count, Is.EqualTo(3));
            Assert.That(result.Elements.Select(e => e.Type), Is.EqualTo(new[] { RedisResultType.Integer, RedisResultType.BulkString, RedisResultType.Array }));
            Assert.That((bool)result[2][0], Is.False);
            Assert.That(((RedisResult[]?)result)!.Length, Is.EqualTo(3));
            Assert.That((RedisResult[]?)Wire.Result("*-1\r\n"), Is.Null);
            Assert.That(result.MapEntries, Is.Null);
            Assert.That(Wire.Result(":1\r\n").Elements, Is.Empty);
        });
    }

    [Test]
    public void Errors_are_values_until_converted()
    {
        var simple = Wire.Result("-WRONGTYPE Operation against a key\r\n");
        var bulk = Wire.Result("!9\r\nERR oops!\r\n");

        Assert.Multiple(() =>
        {
            Assert.That((simple.IsError, simple.ErrorMessage), Is.EqualTo((true, "WRONGTYPE Operation against a key")));
            Assert.That((bulk.IsError, bulk.ErrorMessage), Is.EqualTo((true, "ERR oops!")));
            Assert.That(Wire.Result("+OK\r\n").ErrorMessage, Is.Null);
            var error = Assert.Throws<RedisServerException>(() => _ = (long)simple);
            Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
            Assert.Throws<RedisServerException>(() => _ = (string?)bulk);
        });
    }

    [Test]
    public void Converting_to_the_wrong_shape_is_an_invalid_cast()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidCastException>(() => _ = (long)Wire.Result("*0\r\n"));
            Assert.Throws<InvalidCastException>(() => _ = (long)Wire.Result("+abc\r\n"));
            Assert.Throws<InvalidCastException>(() => _ = (long)Wire.Result("_\r\n"));
            Assert.Throws<InvalidCastException>(() => _ = (RedisResult[]?)Wire.Result(":1\r\n"));
            Assert.Throws<InvalidCastException>(() => Wire.Result("*3\r\n:1\r\n:2\r\n:3\r\n").ToDictionary());
            Assert.Throws<InvalidCastException>(() => Wire.Result(":1\r\n").ToDictionary());
        });
    }

    [Test]
    public void Maps_expose_their_entries_and_a_flattened_element_list()
    {
        var map = Wire.Result("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(map.Elements.Select(e => e.ToString()), Is.EqualTo(new[] { "a", "1", "b", "2" }));
            Assert.That(map.MapEntries!.Select(p => $"{p.Key}={p.Value}"), Is.EqualTo(new[] { "a=1", "b=2" }));
        });
    }

    [TestCase("%2\r\n$5\r\nfield\r\n$5\r\nvalue\r\n$3\r\nnum\r\n:7\r\n", TestName = "A RESP3 map gives the same dictionary")]
    [TestCase("*4\r\n$5\r\nfield\r\n$5\r\nvalue\r\n$3\r\nnum\r\n:7\r\n", TestName = "A RESP2 flat array of pairs gives the same dictionary")]
    [TestCase("*2\r\n*2\r\n$5\r\nfield\r\n$5\r\nvalue\r\n*2\r\n$3\r\nnum\r\n:7\r\n", TestName = "An array of two-element arrays gives the same dictionary")]
    public void Map_shapes_of_both_protocols_give_the_same_dictionary(string wire)
    {
        var dictionary = Wire.Result(wire).ToDictionary();

        Assert.That(dictionary.ToDictionary(p => p.Key, p => p.Value.ToString()), Is.EqualTo(new Dictionary<string, string>
        {
            ["field"] = "value",
            ["num"] = "7",
        }));
    }

    [Test]
    public void A_null_or_empty_reply_gives_an_empty_dictionary()
    {
        Assert.That(Wire.Result("*-1\r\n").ToDictionary(), Is.Empty);
        Assert.That(Wire.Result("*0\r\n").ToDictionary(), Is.Empty);
        Assert.That(Wire.Result("%0\r\n").ToPairs(), Is.Empty);
    }

    [Test]
    public void Attributes_are_kept_on_the_result_they_decorate()
    {
        var result = Wire.Result("*2\r\n|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.25\r\n:2039123\r\n:9\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.Attributes, Is.Null);
            Assert.That((long)result[0], Is.EqualTo(2039123));
            Assert.That(result[0].Attributes!.Type, Is.EqualTo(RedisResultType.Attribute));
            Assert.That(result[0].Attributes!.ToDictionary()["key-popularity"].ToDictionary()["a"].ToString(), Is.EqualTo("0.25"));
            Assert.That(result[1].Attributes, Is.Null);
        });
    }

    [Test]
    public void Long_aggregates_are_elided_when_rendered()
    {
        var wire = "*20\r\n" + string.Concat(Enumerable.Repeat(":1\r\n", 20));

        Assert.That(Wire.Result(wire).ToString(), Does.EndWith(", 1, …]"));
    }
}
