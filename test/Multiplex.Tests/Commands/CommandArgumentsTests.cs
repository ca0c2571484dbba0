using System.Buffers;
using System.Text;
using Multiplex.Commands;

namespace Multiplex.Tests.Commands;

/// <summary>Variable-length commands are encoded as one RESP array with the right count.</summary>
public sealed class CommandArgumentsTests
{
    [Test]
    public void Arguments_are_counted_and_written_after_the_command_name()
    {
        var arguments = CommandArguments.Rent().Add((RedisKey)"k").Add(1.5).Add(7L).Add(ScoreBound.Exclusive(2).ToString());
        Assert.That(Encode(arguments, "ZADD"), Is.EqualTo("*5\r\n$4\r\nZADD\r\n$1\r\nk\r\n$3\r\n1.5\r\n$1\r\n7\r\n$2\r\n(2\r\n"));
    }

    [Test]
    public void A_reused_argument_list_starts_empty()
    {
        Encode(CommandArguments.Rent().Add("stale").Add("values"), "X");
        Assert.That(Encode(CommandArguments.Rent().Add("fresh"), "Y"), Is.EqualTo("*2\r\n$1\r\nY\r\n$5\r\nfresh\r\n"));
    }

    [Test]
    public void Lex_bounds_prefix_the_member_bytes()
    {
        var member = new byte[] { 0, 255 };
        Assert.That((byte[]?)LexBound.Exclusive(member).ToArgument(), Is.EqualTo(new byte[] { (byte)'(', 0, 255 }));
        Assert.That((string?)LexBound.Inclusive("ab").ToArgument(), Is.EqualTo("[ab"));
        Assert.That(((string?)LexBound.Min.ToArgument(), (string?)LexBound.Max.ToArgument(), (string?)default(LexBound).ToArgument()), Is.EqualTo(("-", "+", "-")));
    }

    [TestCase(double.NegativeInfinity, false, "-inf")]
    [TestCase(double.PositiveInfinity, true, "+inf")]
    [TestCase(0.1, true, "(0.1")]
    [TestCase(-3, false, "-3")]
    public void Score_bounds_print_as_the_server_parses_them(double value, bool exclusive, string expected) =>
        Assert.That((exclusive ? ScoreBound.Exclusive(value) : ScoreBound.Inclusive(value)).ToString(), Is.EqualTo(expected));

    private static string Encode(CommandArguments arguments, string command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        arguments.WriteTo(buffer, CommandSpec.Other(command));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
