using System.Buffers;
using System.Text;
using Multiplex.Commands;
using Multiplex.Commands.Blocking;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Commands;

/// <summary>The timeouts the blocking commands write, and the replies only they get.</summary>
public sealed class BlockingCommandTests
{
    [TestCase(0, "$1\r\n0\r\n")]
    [TestCase(1_000, "$1\r\n1\r\n")]
    [TestCase(30_000, "$2\r\n30\r\n")]
    [TestCase(200, "$3\r\n0.2\r\n")]
    [TestCase(1_500, "$3\r\n1.5\r\n")]
    public void A_timeout_in_seconds_has_decimals_only_when_it_needs_them(long milliseconds, string expected) =>
        Assert.That(Encode(BlockingArguments.AddSeconds(CommandArguments.Rent(), TimeSpan.FromMilliseconds(milliseconds))), Is.EqualTo("*2\r\n$1\r\nX\r\n" + expected));

    [TestCase(0L, 0L)]
    [TestCase(1L, 1L)]
    [TestCase(TimeSpan.TicksPerMillisecond * 1500, 1500L)]
    [TestCase(TimeSpan.TicksPerMillisecond + 1, 2L)]
    public void A_timeout_in_milliseconds_rounds_up_so_a_positive_time_never_means_forever(long ticks, long expected) =>
        Assert.That(BlockingArguments.Milliseconds(TimeSpan.FromTicks(ticks)), Is.EqualTo(expected));

    [TestCase("*3\r\n$1\r\nz\r\n$1\r\nm\r\n,2.5\r\n")]
    [TestCase("*3\r\n$1\r\nz\r\n$1\r\nm\r\n$3\r\n2.5\r\n")]
    public void Bzpopmin_reads_key_member_and_score_under_both_protocols(string wire)
    {
        foreach (var frame in Wire.Layouts(wire))
        {
            Assert.That(Wire.Parse(BlockingParsers.SortedSetElement, frame), Is.EqualTo(new SortedSetElement("z", new SortedSetEntry("m", 2.5))));
        }
    }

    [TestCase("_\r\n")]
    [TestCase("*-1\r\n")]
    public void Bzpopmin_that_timed_out_is_null(string wire) =>
        Assert.That(Wire.Parse(BlockingParsers.SortedSetElement, Wire.Whole(wire)), Is.Null);

    [Test]
    public void Bzpopmin_of_an_unexpected_shape_is_a_protocol_error() =>
        Assert.Throws<RedisProtocolException>(() => Wire.Parse(BlockingParsers.SortedSetElement, Wire.Whole("*2\r\n$1\r\nz\r\n$1\r\nm\r\n")));

    [Test]
    public void Waitaof_reads_local_and_replica_counts() =>
        Assert.That(Wire.Parse(BlockingParsers.WaitAof, Wire.Whole("*2\r\n:1\r\n:2\r\n")), Is.EqualTo(new WaitAofResult(1, 2)));

    private static string Encode(CommandArguments arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        arguments.WriteTo(buffer, CommandSpec.Other("X"));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
