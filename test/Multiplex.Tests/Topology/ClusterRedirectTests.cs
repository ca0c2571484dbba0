using Multiplex.Topology.Cluster;

namespace Multiplex.Tests.Topology;

/// <summary>MOVED and ASK errors parsed into redirections, and every other error text refused.</summary>
public sealed class ClusterRedirectTests
{
    private static readonly RedisEndpoint Replying = RedisEndpoint.Tcp("10.0.0.9", 7000);

    [TestCase("MOVED 12182 127.0.0.1:31705", "Moved", 12182, "127.0.0.1", 31705, TestName = "MOVED to IPv4, as redis-server 7.0 sent it")]
    [TestCase("ASK 5061 127.0.0.1:31702", "Ask", 5061, "127.0.0.1", 31702, TestName = "ASK to IPv4, as redis-server 7.0 sent it")]
    [TestCase("MOVED 0 redis-b.internal:6379", "Moved", 0, "redis-b.internal", 6379, TestName = "MOVED to a host name")]
    [TestCase("MOVED 16383 ::1:7002", "Moved", 16383, "::1", 7002, TestName = "MOVED to IPv6: the port follows the last colon")]
    [TestCase("ASK 3999 fe80::1:2:65535", "Ask", 3999, "fe80::1:2", 65535, TestName = "ASK to a longer IPv6 address")]
    [TestCase("MOVED 3999 [::1]:7002", "Moved", 3999, "::1", 7002, TestName = "MOVED to a bracketed IPv6 address")]
    [TestCase("MOVED 3999 :7002", "Moved", 3999, "10.0.0.9", 7002, TestName = "MOVED with no host: the replying node's host")]
    [TestCase("ASK 1 :7000", "Ask", 1, "10.0.0.9", 7000, TestName = "ASK with no host to the replying node itself")]
    [TestCase("MOVED 1 10.0.0.9:7003", "Moved", 1, "10.0.0.9", 7003, TestName = "MOVED to another port of the replying host")]
    public void A_redirection_gives_its_kind_slot_and_target(string message, string kind, int slot, string host, int port)
    {
        // The kind comes as its name: the enum is internal and test methods are public.
        var expected = new ClusterRedirect(Enum.Parse<ClusterRedirectKind>(kind), slot, RedisEndpoint.Tcp(host, port));

        Assert.That(ClusterRedirect.TryParse(message, Replying, out var redirect), Is.True);

        Assert.That(redirect, Is.EqualTo(expected));
    }

    [Test]
    public void A_redirection_to_the_replying_node_reuses_its_endpoint()
    {
        ClusterRedirect.TryParse("ASK 1 10.0.0.9:7000", Replying, out var redirect);

        Assert.That(redirect.Target, Is.SameAs(Replying));
        Assert.That(redirect.ToString(), Is.EqualTo("ASK 1 10.0.0.9:7000"));
    }

    [TestCase("")]
    [TestCase("MOVED")]
    [TestCase("MOVED ")]
    [TestCase("MOVED 3999")]
    [TestCase("MOVED 3999 ")]
    [TestCase("MOVED 3999 127.0.0.1")]
    [TestCase("MOVED 3999 127.0.0.1:")]
    [TestCase("MOVED 3999 127.0.0.1:0")]
    [TestCase("MOVED 3999 127.0.0.1:65536")]
    [TestCase("MOVED 3999 127.0.0.1:+7000")]
    [TestCase("MOVED 3999 127.0.0.1: 7000")]
    [TestCase("MOVED 3999 127.0.0.1:7000 extra")]
    [TestCase("MOVED 3999 127.0.0.1:99999999999")]
    [TestCase("MOVED 16384 127.0.0.1:7000")]
    [TestCase("MOVED -1 127.0.0.1:7000")]
    [TestCase("MOVED +1 127.0.0.1:7000")]
    [TestCase("MOVED x 127.0.0.1:7000")]
    [TestCase("MOVED  3999 127.0.0.1:7000")]
    [TestCase("MOVED 3999  127.0.0.1:7000")]
    [TestCase("moved 3999 127.0.0.1:7000")]
    [TestCase("MOVED3999 127.0.0.1:7000")]
    [TestCase("ASKING")]
    [TestCase("ASK")]
    [TestCase("MOVED 3999 not/a/host:7000")]
    [TestCase("MOVED 3999 a:b:7000")]
    [TestCase("MOVED 3999 []:7000")]
    [TestCase("ERR unknown command")]
    [TestCase("TRYAGAIN Multiple keys request during rehashing of slot")]
    [TestCase("CLUSTERDOWN Hash slot not served")]
    public void Anything_else_is_not_a_redirection(string message)
    {
        Assert.That(ClusterRedirect.TryParse(message, Replying, out var redirect), Is.False);
        Assert.That(redirect, Is.EqualTo(default(ClusterRedirect)));
    }

    [Test]
    public void No_host_from_a_unix_socket_node_is_not_a_redirection()
    {
        Assert.That(ClusterRedirect.TryParse("MOVED 1 :7002", RedisEndpoint.Unix("/tmp/redis.sock"), out _), Is.False);
    }
}
