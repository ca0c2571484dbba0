namespace Multiplex.Tests.Connections;

public sealed class RedisEndpointTests
{
    [TestCase("localhost", "localhost", 6379)]
    [TestCase("redis.example.com:6380", "redis.example.com", 6380)]
    [TestCase("10.0.0.5:7000", "10.0.0.5", 7000)]
    [TestCase("[::1]:6380", "::1", 6380)]
    [TestCase("[::1]", "::1", 6379)]
    [TestCase("::1", "::1", 6379)]
    [TestCase("[fe80::1%25eth0]:1", "fe80::1%25eth0", 1)]
    [TestCase("  padded:65535  ", "padded", 65535)]
    public void Parse_reads_host_and_port(string text, string host, int port)
    {
        RedisEndpoint endpoint = RedisEndpoint.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Host, Is.EqualTo(host));
            Assert.That(endpoint.Port, Is.EqualTo(port));
            Assert.That(endpoint.IsUnixSocket, Is.False);
            Assert.That(endpoint.UnixSocketPath, Is.Null);
        });
    }

    [TestCase("unix:/var/run/redis.sock", "/var/run/redis.sock")]
    [TestCase("UNIX:/tmp/r.sock", "/tmp/r.sock")]
    public void Parse_reads_a_unix_socket(string text, string path)
    {
        RedisEndpoint endpoint = RedisEndpoint.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.IsUnixSocket, Is.True);
            Assert.That(endpoint.UnixSocketPath, Is.EqualTo(path));
            Assert.That(endpoint.Host, Is.Null);
        });
    }

    [TestCase("", "not a valid host")]
    [TestCase("host:0", "port 0 is out of range")]
    [TestCase("host:65536", "port 65536 is out of range")]
    [TestCase("host:", "the port is not a number")]
    [TestCase("[::1", "no ']' closes")]
    [TestCase("[::1]x", "unexpected 'x'")]
    [TestCase("a:b:c", "not an IPv6 address")]
    [TestCase("bad host:1", "not a valid host")]
    public void Parse_explains_what_is_wrong(string text, string reason)
    {
        Assert.That(() => RedisEndpoint.Parse(text),
            Throws.InstanceOf<FormatException>().With.Message.Contains(reason).And.Message.Contains($"'{text.Trim()}'"));
    }

    // A port that is not a number may be a password whose '@' was forgotten (redis://user:secret),
    // so it is never quoted.
    [TestCase("host:abc")]
    [TestCase("host:-1")]
    [TestCase("user:S3cret-Password")]
    public void A_port_that_is_not_a_number_is_reported_without_quoting_it(string text)
    {
        var port = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var error = Assert.Throws<FormatException>(() => RedisEndpoint.Parse(text));
        Assert.That(error!.Message, Does.Contain("the port is not a number").And.Contain("<not a number>"));
        Assert.That(error.ToString(), Does.Not.Contain(port));
    }

    [TestCase("localhost", 6379, "localhost:6379")]
    [TestCase("::1", 6379, "[::1]:6379")]
    [TestCase("[2001:db8::2]", 7000, "[2001:db8::2]:7000")]
    public void ToString_writes_host_and_port_with_IPv6_in_brackets(string host, int port, string expected)
    {
        Assert.That(RedisEndpoint.Tcp(host, port).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void ToString_of_a_unix_socket_has_the_unix_prefix()
    {
        Assert.That(RedisEndpoint.Unix("/tmp/redis.sock").ToString(), Is.EqualTo("unix:/tmp/redis.sock"));
    }

    [TestCase("localhost:6379")]
    [TestCase("[::1]:6380")]
    [TestCase("unix:/tmp/redis.sock")]
    public void ToString_parses_back_to_an_equal_endpoint(string text)
    {
        RedisEndpoint endpoint = RedisEndpoint.Parse(text);

        Assert.That(RedisEndpoint.Parse(endpoint.ToString()), Is.EqualTo(endpoint));
    }

    [Test]
    public void The_default_port_is_6379()
    {
        Assert.That(RedisEndpoint.Tcp("example").Port, Is.EqualTo(6379).And.EqualTo(RedisEndpoint.DefaultPort));
    }

    [Test]
    public void A_relative_unix_socket_path_is_rejected()
    {
        Assert.That(() => RedisEndpoint.Unix("redis.sock"), Throws.ArgumentException.With.Message.Contains("fully qualified"));
    }
}
