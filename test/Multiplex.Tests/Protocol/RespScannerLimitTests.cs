using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

public sealed class RespScannerLimitTests
{
    [Test]
    public void Bulk_strings_up_to_the_configured_length_are_accepted_and_longer_ones_rejected()
    {
        var limits = new ProtocolLimits { MaxBulkLength = 3 };

        Assert.Multiple(() =>
        {
            Assert.That(Wire.Scan("$3\r\nabc\r\n", limits), Is.True);
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("$4\r\nabcd\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("!4\r\nabcd\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("=8\r\ntxt:abcd\r\n", limits));
        });
    }

    [Test]
    public void Aggregates_up_to_the_configured_length_are_accepted_and_map_pairs_count_twice()
    {
        var limits = new ProtocolLimits { MaxAggregateLength = 2 };

        Assert.Multiple(() =>
        {
            Assert.That(Wire.Scan("*2\r\n:1\r\n:2\r\n", limits), Is.True);
            Assert.That(Wire.Scan("%1\r\n:1\r\n:2\r\n", limits), Is.True);
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("*3\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("~3\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan(">3\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("%2\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("|2\r\n", limits));
        });
    }

    [Test]
    public void Nesting_up_to_the_configured_depth_is_accepted_and_deeper_is_rejected()
    {
        var limits = new ProtocolLimits { MaxNestingDepth = 2 };

        Assert.Multiple(() =>
        {
            Assert.That(Wire.Scan("*1\r\n*1\r\n:1\r\n", limits), Is.True);
            Assert.That(Wire.Scan("*2\r\n*1\r\n:1\r\n*1\r\n:2\r\n", limits), Is.True);
            var error = Assert.Throws<RedisProtocolException>(() => Wire.Scan("*1\r\n*1\r\n*1\r\n:1\r\n", limits));
            Assert.That(error!.Message, Does.Contain("offset 8"));
        });
    }

    [Test]
    public void Lines_up_to_the_configured_length_are_accepted_and_longer_ones_rejected()
    {
        var limits = new ProtocolLimits { MaxLineLength = 4 };

        Assert.Multiple(() =>
        {
            Assert.That(Wire.Scan("+abcd\r\n", limits), Is.True);
            Assert.That(Wire.Scan("-abcd\r\n", limits), Is.True);
            Assert.That(Wire.Scan("+abcd\r", limits), Is.False);
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("+abcde\r\n", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("-abcdef", limits));
            Assert.Throws<RedisProtocolException>(() => Wire.Scan("(12345\r\n", limits));
        });
    }

    [Test]
    public void Limits_that_are_not_positive_are_refused_when_the_scanner_is_created()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RespScanner(new ProtocolLimits { MaxNestingDepth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RespScanner(new ProtocolLimits { MaxLineLength = -1 }));
    }
}
