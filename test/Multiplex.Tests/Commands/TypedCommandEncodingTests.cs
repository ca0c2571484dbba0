using System.Buffers;
using System.Text;
using Multiplex.Commands.Strings;

namespace Multiplex.Tests.Commands;

/// <summary>The wire form of the builders and arguments of the string and bitmap commands.</summary>
public sealed class TypedCommandEncodingTests
{
    [Test]
    public void Bitfield_operations_are_written_in_order()
    {
        var operations = new BitFieldOperations()
            .Overflow(BitFieldOverflow.Saturate)
            .IncrBy(BitFieldType.Unsigned(8), 3, -2, byWidth: true)
            .Set(BitFieldType.Signed(5), 100, 1)
            .Get(BitFieldType.Signed(64), 0);
        Assert.That(operations.ArgumentCount, Is.EqualTo(2 + 4 + 4 + 3));
        Assert.That(Written(operations.Write), Is.EqualTo(
            "$8\r\nOVERFLOW\r\n$3\r\nSAT\r\n"
            + "$6\r\nINCRBY\r\n$2\r\nu8\r\n$2\r\n#3\r\n$2\r\n-2\r\n"
            + "$3\r\nSET\r\n$2\r\ni5\r\n$3\r\n100\r\n$1\r\n1\r\n"
            + "$3\r\nGET\r\n$3\r\ni64\r\n$1\r\n0\r\n"));
    }

    [TestCase(5_000L, "$2\r\nEX\r\n$1\r\n5\r\n")]
    [TestCase(1_500L, "$2\r\nPX\r\n$4\r\n1500\r\n")]
    public void A_time_to_live_is_sent_in_seconds_when_it_is_whole_seconds(long milliseconds, string expected)
    {
        var argument = ExpiryArgument.Relative(TimeSpan.FromMilliseconds(milliseconds), "expiry");
        Assert.That(Written(argument.Write), Is.EqualTo(expected));
    }

    [TestCase(1_700_000_000_000L, "$4\r\nEXAT\r\n$10\r\n1700000000\r\n")]
    [TestCase(1_700_000_000_250L, "$4\r\nPXAT\r\n$13\r\n1700000000250\r\n")]
    public void A_point_in_time_is_sent_in_seconds_when_it_is_whole_seconds(long unixMilliseconds, string expected)
    {
        var argument = ExpiryArgument.Absolute(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds), "expiresAt");
        Assert.That(Written(argument.Write), Is.EqualTo(expected));
    }

    private static string Written(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
