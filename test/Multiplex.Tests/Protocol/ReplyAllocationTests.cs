using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

public sealed class ReplyAllocationTests
{
    // The design target for a whole GET round trip, the returned value included.
    private const long GetRoundTripBudget = 64;

    private const int Iterations = 100;

    [TestCase(":1234567\r\n")]
    [TestCase("+OK\r\n")]
    [TestCase("*3\r\n:1\r\n:2\r\n:3\r\n")]
    public void Scanning_and_reading_an_integer_or_status_allocates_nothing(string wire)
    {
        var frame = Wire.Whole(wire);
        var fragmented = Wire.BytePerSegment(Wire.Bytes(wire));
        var scanner = new RespScanner(ProtocolLimits.Default);
        long sum = 0;

        void Parse(in ReadOnlySequence<byte> buffer)
        {
            scanner.Reset();
            scanner.TryScan(buffer, out var length);
            var reader = new RespReader(buffer.Slice(0, length));
            while (reader.TryMoveNext())
            {
                sum += reader.Prefix == RespPrefix.Integer ? reader.ReadInt64() : reader.ValueEquals(RespConstants.Ok) ? 1 : 0;
            }
        }

        Parse(frame);
        Parse(fragmented);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            Parse(frame);
            Parse(fragmented);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.Not.Zero);
    }

    [Test]
    public void Reading_a_get_reply_allocates_only_the_returned_value()
    {
        var frame = Wire.Whole("$10\r\nsome value\r\n");
        var scanner = new RespScanner(ProtocolLimits.Default);

        RedisValue Parse()
        {
            scanner.Reset();
            scanner.TryScan(frame, out _);
            var reader = new RespReader(frame);
            reader.TryMoveNext();
            return reader.ReadRedisValue();
        }

        Parse();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var value = Parse();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That((string?)value, Is.EqualTo("some value"));
        Assert.That(allocated, Is.LessThanOrEqualTo(GetRoundTripBudget));
    }
}
