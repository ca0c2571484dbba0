using Multiplex.Commands.Server;

namespace Multiplex.Tests.Commands;

/// <summary>MONITOR lines as redis-server writes them (<c>replicationFeedMonitors</c>, <c>sdscatrepr</c>).</summary>
public sealed class MonitorLineParserTests
{
    [Test]
    public void A_tcp_client_line_gives_time_database_address_and_arguments()
    {
        var entry = MonitorLineParser.Parse("1700000000.123456 [3 127.0.0.1:50412] \"set\" \"key\" \"value\"");

        Assert.That(entry.Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddTicks(1234560)));
        Assert.That(entry.Database, Is.EqualTo(3));
        Assert.That(entry.ClientAddress, Is.EqualTo("127.0.0.1:50412"));
        Assert.That(entry.Command, Is.EqualTo("SET"));
        Assert.That(entry.Arguments.Select(a => (string?)a), Is.EqualTo(new[] { "set", "key", "value" }));
    }

    [TestCase("1.000001 [0 lua] \"GET\" \"k\"", "lua")]
    [TestCase("1.000001 [0 unix:/tmp/redis.sock] \"GET\" \"k\"", "unix:/tmp/redis.sock")]
    [TestCase("1.000001 [0 [::1]:6379] \"GET\" \"k\"", "[::1]:6379")]
    public void The_client_address_may_be_a_script_a_unix_socket_or_ipv6(string line, string address)
    {
        var entry = MonitorLineParser.Parse(line);
        Assert.That(entry.ClientAddress, Is.EqualTo(address));
        Assert.That(entry.Arguments.Select(a => (string?)a), Is.EqualTo(new[] { "GET", "k" }));
    }

    [Test]
    public void Escapes_are_decoded_to_the_original_bytes()
    {
        var entry = MonitorLineParser.Parse("1.5 [0 127.0.0.1:1] \"SET\" \"a b\" \"q\\\"\\\\\\n\\r\\t\\a\\b\\x00\\xff\" \"\"");

        Assert.That((string?)entry.Arguments[1], Is.EqualTo("a b"));
        Assert.That((byte[]?)entry.Arguments[2], Is.EqualTo(new byte[] { (byte)'q', (byte)'"', (byte)'\\', (byte)'\n', (byte)'\r', (byte)'\t', 7, 8, 0, 0xFF }));
        Assert.That((byte[]?)entry.Arguments[3], Is.Empty);
    }

    [TestCase("")]
    [TestCase("not a monitor line")]
    [TestCase("1.5 [x 127.0.0.1:1] \"GET\"")]
    [TestCase("1.5 [0 127.0.0.1:1] \"GET")]
    [TestCase("1.5 [0 127.0.0.1:1] \"GET\\x4\"")]
    [TestCase("1.5 [0 127.0.0.1:1] GET")]
    [TestCase("abc [0 127.0.0.1:1] \"GET\"")]
    public void A_malformed_line_is_a_protocol_error(string line) =>
        Assert.Throws<RedisProtocolException>(() => MonitorLineParser.Parse(line));
}
