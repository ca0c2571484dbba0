using Microsoft.Extensions.Configuration;
using Multiplex.Extensions.DependencyInjection;

namespace Multiplex.Extensions.Tests.Registration;

/// <summary>Reading client and start-up options from a configuration section (no server needed).</summary>
public sealed class ConfigurationBindingTests
{
    [Test]
    public void An_empty_section_gives_the_defaults()
    {
        var options = MultiplexConfiguration.ReadClientOptions(Section([]));

        Assert.That(options, Is.EqualTo(new RedisClientOptions()));
        Assert.That(options.Endpoints.Single().ToString(), Is.EqualTo("localhost:6379"));
    }

    [Test]
    public void Option_keys_apply_on_top_of_the_connection_string()
    {
        var options = MultiplexConfiguration.ReadClientOptions(Section(new()
        {
            ["ConnectionString"] = "redis://cache.internal:6380/2?commandTimeout=1s",
            ["CommandTimeout"] = "750ms",
            ["WhileDisconnected"] = "failfast",
            ["Password"] = "s3cret",
            ["Tls"] = "true",
        }));

        Assert.That(options.Endpoints.Single().ToString(), Is.EqualTo("cache.internal:6380"));
        Assert.That(options.Database, Is.EqualTo(2));
        Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(750)));
        Assert.That(options.WhileDisconnected, Is.EqualTo(DisconnectedBehavior.FailFast));
        Assert.That(options.Password, Is.EqualTo("s3cret"));
        Assert.That(options.Tls.Enabled, Is.True);
    }

    [Test]
    public void Endpoints_can_be_an_array_or_a_comma_separated_value()
    {
        var fromArray = MultiplexConfiguration.ReadClientOptions(Section(new() { ["Endpoints:0"] = "a:1" }));
        var fromList = MultiplexConfiguration.ReadClientOptions(Section(new() { ["ConnectionString"] = "c:3", ["Endpoints"] = "a:1" }));

        Assert.That(fromArray.Endpoints.Select(endpoint => endpoint.ToString()), Is.EqualTo(new[] { "a:1" }));
        Assert.That(fromList.Endpoints.Select(endpoint => endpoint.ToString()), Is.EqualTo(new[] { "a:1" }));
    }

    [TestCase("Endpoints:0", "a:1", "Endpoints:1", "b:2")]
    [TestCase("Endpoints", "a:1, b:2", "CommandTimeout", "1s")]
    [TestCase("ConnectionString", "a:1,b:2", "CommandTimeout", "1s")]
    public void Several_endpoints_are_cluster_seeds_and_refused_in_standalone_mode(string key, string value, string otherKey, string otherValue)
    {
        var options = MultiplexConfiguration.ReadClientOptions(Section(new() { [key] = value, [otherKey] = otherValue }));
        var error = Assert.Throws<FormatException>(() => MultiplexConfiguration.ReadClientOptions(Section(new() { [key] = value, [otherKey] = otherValue, ["Mode"] = "Standalone" })));

        Assert.That(options.Endpoints, Is.EqualTo(new[] { RedisEndpoint.Tcp("a", 1), RedisEndpoint.Tcp("b", 2) }));
        Assert.That(error!.Message, Does.Contain("Configuration 'Redis'").And.Contains("a:1, b:2").And.Contains("Mode is Standalone"));
    }

    [Test]
    public void Sentinel_keys_make_the_endpoints_sentinels_with_their_own_credentials()
    {
        var options = MultiplexConfiguration.ReadClientOptions(Section(new()
        {
            ["Endpoints"] = "s1:26379,s2:26380",
            ["ServiceName"] = "mymaster",
            ["SentinelUser"] = "watcher",
            ["SentinelPassword"] = "sentinel-secret",
            ["ReplicaReads"] = "preferReplica",
        }));

        Assert.That(options.Sentinel, Is.EqualTo(new SentinelOptions { ServiceName = "mymaster", User = "watcher", Password = "sentinel-secret" }));
        Assert.That(options.Endpoints, Is.EqualTo(new[] { RedisEndpoint.Tcp("s1", 26379), RedisEndpoint.Tcp("s2", 26380) }));
        Assert.That(options.Cluster.ReplicaReads, Is.EqualTo(ReplicaReads.PreferReplica));
    }

    [Test]
    public void An_unknown_key_is_an_error_that_names_its_path()
    {
        var error = Assert.Throws<FormatException>(() => MultiplexConfiguration.ReadClientOptions(Section(new() { ["CommandTimout"] = "1s" })));

        Assert.That(error!.Message, Does.Contain("Redis:CommandTimout"));
    }

    [Test]
    public void An_invalid_password_value_is_reported_without_quoting_it()
    {
        var error = Assert.Throws<FormatException>(() => MultiplexConfiguration.ReadClientOptions(Section(new()
        {
            ["User"] = "has space",
            ["Password"] = "do-not-print-me",
        })));

        Assert.That(error!.Message, Does.Contain("Redis").And.Not.Contain("do-not-print-me"));
    }

    [Test]
    public void A_nested_section_where_a_value_belongs_is_an_error()
    {
        var error = Assert.Throws<FormatException>(() => MultiplexConfiguration.ReadClientOptions(Section(new() { ["Tls:Enabled"] = "true" })));

        Assert.That(error!.Message, Does.Contain("Redis:Tls"));
    }

    [Test]
    public void Start_up_keys_are_read_and_do_not_reach_the_client_options()
    {
        var section = Section(new() { ["ConnectOnStartup"] = "failfast", ["StartupTimeout"] = "00:00:03" });

        var startup = MultiplexConfiguration.ReadStartupOptions(section);
        var options = MultiplexConfiguration.ReadClientOptions(section);

        Assert.That(startup.ConnectOnStartup, Is.EqualTo(StartupConnectMode.FailFast));
        Assert.That(startup.StartupTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(options, Is.EqualTo(new RedisClientOptions()));
    }

    [TestCase("ConnectOnStartup", "Sometimes")]
    [TestCase("ConnectOnStartup", "7")]
    [TestCase("StartupTimeout", "soon")]
    [TestCase("StartupTimeout", "-00:00:01")]
    public void Invalid_start_up_values_are_errors_that_name_the_key(string key, string value)
    {
        var error = Assert.Throws<FormatException>(() => MultiplexConfiguration.ReadStartupOptions(Section(new() { [key] = value })));

        Assert.That(error!.Message, Does.Contain($"Redis:{key}"));
    }

    [Test]
    public void Start_up_defaults_connect_in_the_background()
    {
        var startup = MultiplexConfiguration.ReadStartupOptions(Section([]));

        Assert.That(startup.ConnectOnStartup, Is.EqualTo(StartupConnectMode.Background));
        Assert.That(startup.StartupTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>($"Redis:{pair.Key}", pair.Value)))
            .Build()
            .GetSection("Redis");
}
