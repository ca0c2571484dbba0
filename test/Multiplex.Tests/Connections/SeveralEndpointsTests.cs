namespace Multiplex.Tests.Connections;

/// <summary>
/// Several endpoints are the seeds of one cluster: connecting tries them in turn, and says why for each
/// when none answers. Standalone mode, which uses one server, refuses them.
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
    public void Connecting_when_no_seed_answers_names_every_seed_and_its_failure()
    {
        var options = RedisClientOptions.Parse(ClosedPorts(2)) with { ConnectTimeout = TimeSpan.FromSeconds(2) };

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await RedisClient.ConnectAsync(options));

        Assert.That(error!.Message, Does.Contain("None of the 2 seed endpoints could be reached")
            .And.Contain(options.Endpoints[0].ToString()).And.Contain(options.Endpoints[1].ToString()));
        Assert.That(error.Outcome, Is.EqualTo(CommandOutcome.NotSent));
    }

    [Test]
    public async Task Creating_a_client_with_several_endpoints_connects_in_the_background()
    {
        await using var client = RedisClient.Create(RedisClientOptions.Parse(ClosedPorts(2)));

        Assert.That(client.ServerMode, Is.EqualTo(ServerMode.Auto), "nothing answered yet");
        Assert.That(async () => await client.WaitForConnectionAsync(TimeSpan.FromMilliseconds(200)), Throws.InstanceOf<RedisConnectionException>());
    }

    [Test]
    public void Several_endpoints_in_standalone_mode_are_refused_before_anything_is_sent()
    {
        Assert.That(async () => await RedisClient.ConnectAsync(TwoHosts + "?mode=standalone"),
            Throws.ArgumentException.With.Message.Contains("Mode is Standalone"));
        Assert.That(() => RedisClient.Create(TwoHosts + "?mode=standalone"),
            Throws.ArgumentException.With.Message.Contains("Mode is Standalone"));
    }

    /// <summary>A connection string of <paramref name="count"/> loopback ports nothing listens on.</summary>
    private static string ClosedPorts(int count)
    {
        var ports = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            ports.Add(((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
            listener.Stop();
        }

        return string.Join(",", ports.Select(port => $"127.0.0.1:{port}"));
    }
}
