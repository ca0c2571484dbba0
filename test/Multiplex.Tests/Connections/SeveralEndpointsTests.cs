namespace Multiplex.Tests.Connections;

/// <summary>
/// Several endpoints parse into the options, but nothing connects with them until cluster and
/// sentinel support gives them a meaning: today only one would be used, so they are refused.
/// </summary>
public sealed class SeveralEndpointsTests
{
    private const string TwoHosts = "redis://127.0.0.1:7000,127.0.0.1:7001";

    [Test]
    public void Several_endpoints_parse_into_the_options()
    {
        var options = RedisClientOptions.Parse(TwoHosts);

        Assert.That(options.Endpoints, Is.EqualTo(new[] { RedisEndpoint.Tcp("127.0.0.1", 7000), RedisEndpoint.Tcp("127.0.0.1", 7001) }));
    }

    [Test]
    public void Connecting_with_several_endpoints_is_refused_before_anything_is_sent()
    {
        Assert.That(async () => await RedisClient.ConnectAsync(TwoHosts),
            Throws.ArgumentException.With.Message.Contains("cluster and sentinel support is to come"));
    }

    [Test]
    public void Creating_a_client_with_several_endpoints_is_refused()
    {
        Assert.That(() => RedisClient.Create(TwoHosts),
            Throws.ArgumentException.With.Message.Contains("only one endpoint is used today"));
    }
}
