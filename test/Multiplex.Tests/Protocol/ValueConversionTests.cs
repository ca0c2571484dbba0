using System.Text;

namespace Multiplex.Tests.Protocol;

/// <summary>
/// Converting values and replies to numbers and booleans: the same text converts (or not) the same way
/// whatever the target type, as Redis reads numbers (no surrounding spaces), and a refusal names the
/// type asked for and why, without quoting the value.
/// </summary>
public sealed class ValueConversionTests
{
    [TestCase("hello")]
    [TestCase("2")]
    [TestCase("-1")]
    [TestCase("true")]
    public void A_value_that_is_not_0_or_1_is_not_a_valid_bool(string text)
    {
        var error = Assert.Throws<InvalidCastException>(() => _ = (bool)(RedisValue)text);

        Assert.That(error!.Message, Does.Contain("not a valid bool").And.Contain("only the integers 1 and 0"));
        Assert.That(error.Message, Does.Not.Contain("long"));
    }

    [TestCase("1", true)]
    [TestCase("0", false)]
    public void The_integers_1_and_0_are_booleans(string text, bool expected)
    {
        Assert.That((bool)(RedisValue)text, Is.EqualTo(expected));
        Assert.That((bool)(RedisValue)Encoding.UTF8.GetBytes(text), Is.EqualTo(expected));
    }

    [TestCase(" 42 ")]
    [TestCase(" 42")]
    [TestCase("42 ")]
    [TestCase("42\r\n")]
    [TestCase("\t42")]
    public void A_number_with_spaces_around_it_converts_to_no_number_type(string text)
    {
        foreach (RedisValue value in new RedisValue[] { text, Encoding.UTF8.GetBytes(text) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(value.TryParse(out long _), Is.False);
                Assert.That(value.TryParse(out double _), Is.False);
                AssertRefused(() => _ = (long)value, "long");
                AssertRefused(() => _ = (int)value, "int");
                AssertRefused(() => _ = (double)value, "double");
                AssertRefused(() => _ = (bool)value, "bool");
            });
        }

        static void AssertRefused(TestDelegate convert, string type)
        {
            var error = Assert.Throws<InvalidCastException>(convert);
            Assert.That(error!.Message, Does.Contain($"not a valid {type}").And.Contain("spaces around it"), type);
        }
    }

    [TestCase("42", 42L, 42.0)]
    [TestCase("-7", -7L, -7.0)]
    [TestCase("0", 0L, 0.0)]
    public void The_same_number_without_spaces_converts_to_every_number_type(string text, long asLong, double asDouble)
    {
        Assert.That((long)(RedisValue)text, Is.EqualTo(asLong));
        Assert.That((int)(RedisValue)text, Is.EqualTo((int)asLong));
        Assert.That((double)(RedisValue)text, Is.EqualTo(asDouble));
        Assert.That((double)(RedisValue)Encoding.UTF8.GetBytes(text), Is.EqualTo(asDouble));
    }

    [TestCase("inf", double.PositiveInfinity)]
    [TestCase("-inf", double.NegativeInfinity)]
    [TestCase("2.5", 2.5)]
    [TestCase("1e3", 1000.0)]
    public void Doubles_as_redis_writes_them_still_convert(string text, double expected)
    {
        Assert.That((double)(RedisValue)text, Is.EqualTo(expected));
    }

    [Test]
    public void A_refusal_says_why_without_quoting_the_value()
    {
        const string Secret = "s3cret-token";
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (long)(RedisValue)"2.5")!.Message, Does.Contain("not a valid long: it is not a whole number"));
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (int)(RedisValue)"3000000000")!.Message, Does.Contain("not a valid int: it is outside the range of int"));
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (double)(RedisValue)Secret)!.Message, Does.Contain("not a valid double").And.Not.Contain(Secret));
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (long)RedisValue.Null)!.Message, Does.Contain("null"));
        });
    }

    [TestCase("$5\r\nhello\r\n")]
    [TestCase("+hello\r\n")]
    [TestCase(":2\r\n")]
    public void A_reply_that_is_not_0_or_1_is_not_a_valid_bool(string wire)
    {
        var error = Assert.Throws<InvalidCastException>(() => _ = (bool)Wire.Result(wire));

        Assert.That(error!.Message, Does.Contain("reply is not a valid bool").And.Contain("only the integers 1 and 0"));
    }

    [TestCase("$4\r\n 42 \r\n")]
    [TestCase("+ 42\r\n")]
    public void A_reply_with_spaces_around_a_number_converts_to_no_number_type(string wire)
    {
        var reply = Wire.Result(wire);

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (long)reply)!.Message, Does.Contain("not a valid long").And.Contain("spaces around it"));
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (double)reply)!.Message, Does.Contain("not a valid double").And.Contain("spaces around it"));
            Assert.That(Assert.Throws<InvalidCastException>(() => _ = (bool)reply)!.Message, Does.Contain("not a valid bool"));
        });
    }

    [Test]
    public void A_null_reply_names_the_type_asked_for()
    {
        Assert.That(Assert.Throws<InvalidCastException>(() => _ = (double)Wire.Result("_\r\n"))!.Message, Is.EqualTo("A null reply cannot be converted to double."));
        Assert.That(Assert.Throws<InvalidCastException>(() => _ = (bool)Wire.Result("$-1\r\n"))!.Message, Does.Contain("bool"));
    }
}
