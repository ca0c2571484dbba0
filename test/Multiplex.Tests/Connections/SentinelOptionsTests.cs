namespace Multiplex.Tests.Connections;

/// <summary>The Sentinel options: connection-string keys, round trips, redaction and validation.</summary>
public sealed class SentinelOptionsTests
{
    private const string Canary = "Canary-5b1e-SentinelSecret";

    [Test]
    public void The_StackExchange_Redis_form_with_serviceName_makes_the_endpoints_sentinels()
    {
        var options = RedisClientOptions.Parse("127.0.0.1:26379,127.0.0.1:26380,serviceName=mymaster");

        options.Validate();
        Assert.Multiple(() =>
        {
            Assert.That(options.Sentinel.ServiceName, Is.EqualTo("mymaster"));
            Assert.That(options.Endpoints, Has.Count.EqualTo(2));
            Assert.That(options.Mode, Is.EqualTo(ServerMode.Auto));
        });
    }

    [Test]
    public void Every_sentinel_option_round_trips_through_the_connection_string_with_password()
    {
        var options = new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Tcp("s1", 26379), RedisEndpoint.Tcp("s2", 26380)],
            Mode = ServerMode.Sentinel,
            Sentinel = new SentinelOptions { ServiceName = "orders", User = "watcher", Password = Canary + ":@/?&=", UseTls = false },
        };

        var text = options.ToConnectionString(includePassword: true);

        Assert.That(RedisClientOptions.Parse(text), Is.EqualTo(options), text);
    }

    [Test]
    public void ToString_and_the_options_record_never_show_the_sentinel_password()
    {
        var options = new RedisClientOptions { Sentinel = new SentinelOptions { ServiceName = "orders", Password = Canary } };

        Assert.Multiple(() =>
        {
            Assert.That(options.ToString(), Does.Not.Contain(Canary).And.Contain("sentinelPassword=***"));
            Assert.That(options.Sentinel.ToString(), Does.Not.Contain(Canary));
            Assert.That(RedisClientOptions.Parse(options.ToString()).Sentinel.Password, Is.EqualTo("***"));
        });
    }

    [Test]
    public void Mode_Sentinel_without_a_service_name_is_refused_with_what_to_set()
    {
        var options = new RedisClientOptions { Mode = ServerMode.Sentinel };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.That(error!.Message, Does.Contain("ServiceName").And.Contain("serviceName"));
    }

    [TestCase(ServerMode.Standalone)]
    [TestCase(ServerMode.Cluster)]
    public void A_service_name_with_another_forced_mode_is_refused(ServerMode mode)
    {
        var options = new RedisClientOptions { Mode = mode, Sentinel = new SentinelOptions { ServiceName = "orders" } };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.That(error!.Message, Does.Contain("orders").And.Contain(mode.ToString()));
    }

    [TestCase("")]
    [TestCase("my master")]
    public void A_blank_or_spaced_service_name_is_refused(string name)
    {
        var options = new RedisClientOptions { Sentinel = new SentinelOptions { ServiceName = name } };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Test]
    public void Options_differing_only_in_the_sentinel_settings_are_not_equal()
    {
        var first = new RedisClientOptions { Sentinel = new SentinelOptions { ServiceName = "a" } };

        Assert.That(first, Is.Not.EqualTo(first with { Sentinel = new SentinelOptions { ServiceName = "b" } }));
        Assert.That(first, Is.EqualTo(first with { Sentinel = new SentinelOptions { ServiceName = "a" } }));
    }
}
