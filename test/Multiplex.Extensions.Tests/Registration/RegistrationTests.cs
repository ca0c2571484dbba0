using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Multiplex.Extensions.DependencyInjection;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.Registration;

/// <summary>AddMultiplex and AddKeyedMultiplex against the shared redis-server.</summary>
public sealed class RegistrationTests : ServerTestBase
{
    [Test]
    public async Task A_client_registered_from_a_connection_string_is_one_working_singleton()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync(), options => options with { ClientName = "from-code" });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RedisClient>();

        Assert.That(provider.GetRequiredService<RedisClient>(), Is.SameAs(client));
        Assert.That(client.Options.ClientName, Is.EqualTo("from-code"));
        Assert.That(await client.IncrAsync(Servers.Key("counter")), Is.EqualTo(1));
    }

    [Test]
    public async Task A_client_registered_from_options_uses_them()
    {
        var endpoint = await Servers.StandaloneEndpointAsync();
        var options = RedisClientOptions.Parse(endpoint) with { Database = 3 };
        var services = new ServiceCollection();
        services.AddMultiplex(options);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RedisClient>();
        var key = Servers.Key("db");
        await client.SetAsync(key, "three");

        Assert.That(client.Options, Is.EqualTo(options));
        Assert.That((string?)(await client.ExecuteAsync("CLIENT", ["INFO"])).Value, Does.Contain("db=3"));
    }

    [Test]
    public async Task A_client_registered_with_an_options_factory_can_use_other_services()
    {
        var endpoint = await Servers.StandaloneEndpointAsync();
        var services = new ServiceCollection();
        services.AddSingleton(new ConnectionSettings(endpoint, "factory-made"));
        services.AddMultiplex(provider =>
        {
            var settings = provider.GetRequiredService<ConnectionSettings>();
            return RedisClientOptions.Parse(settings.Endpoint) with { ClientName = settings.Name };
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RedisClient>();

        Assert.That(client.Options.ClientName, Is.EqualTo("factory-made"));
        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(15));
        Assert.That((string?)(await client.ExecuteAsync("CLIENT", ["GETNAME"])).Value, Is.EqualTo("factory-made"));
    }

    [Test]
    public async Task A_client_bound_from_configuration_reads_the_connection_string_and_option_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = await Servers.StandaloneEndpointAsync(),
            ["Redis:ClientName"] = "from-config",
            ["Redis:CommandTimeout"] = "2s",
            ["Redis:Database"] = "4",
        }).Build();
        var services = new ServiceCollection();
        services.AddMultiplex(configuration.GetSection("Redis"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RedisClient>();

        Assert.That(client.Options.ClientName, Is.EqualTo("from-config"));
        Assert.That(client.Options.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(client.Options.Database, Is.EqualTo(4));
        Assert.That(await client.IncrAsync(Servers.Key("config")), Is.EqualTo(1));
    }

    [Test]
    public async Task Keyed_clients_are_separate_singletons_resolved_by_key_and_by_attribute()
    {
        var endpoint = await Servers.StandaloneEndpointAsync();
        var services = new ServiceCollection();
        services.AddKeyedMultiplex("primary", endpoint, options => options with { Database = 0 });
        services.AddKeyedMultiplex("reports", RedisClientOptions.Parse(endpoint) with { Database = 5 });
        services.AddSingleton<ReportStore>();
        await using var provider = services.BuildServiceProvider();

        var primary = provider.GetRequiredKeyedService<RedisClient>("primary");
        var reports = provider.GetRequiredKeyedService<RedisClient>("reports");
        var store = provider.GetRequiredService<ReportStore>();
        var key = Servers.Key("keyed");
        await primary.SetAsync(key, "in db 0");

        Assert.That(primary, Is.Not.SameAs(reports));
        Assert.That(store.Client, Is.SameAs(reports));
        Assert.That(provider.GetService<RedisClient>(), Is.Null, "no unkeyed client was registered");
        Assert.That((await reports.GetAsync(key)).IsNull, Is.True, "the reports client uses database 5");
        Assert.That((string?)await primary.GetAsync(key), Is.EqualTo("in db 0"));
    }

    [Test]
    public async Task The_container_disposes_the_client()
    {
        var services = new ServiceCollection();
        services.AddMultiplex(await Servers.StandaloneEndpointAsync());
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<RedisClient>();
        await client.PingAsync();

        await provider.DisposeAsync();

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await client.PingAsync());
        Assert.That(error!.Message, Does.Contain("disposed"));
    }

    [Test]
    public void A_malformed_connection_string_fails_at_registration()
    {
        var services = new ServiceCollection();

        Assert.Throws<FormatException>(() => services.AddMultiplex("localhost:6379,commandTimeout=soon"));
    }

    [Test]
    public void Several_endpoints_register_as_cluster_seeds_and_fail_at_registration_in_standalone_mode()
    {
        var services = new ServiceCollection();

        Assert.DoesNotThrow(() => services.AddMultiplex("127.0.0.1:7000,127.0.0.1:7001"));
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMultiplex("127.0.0.1:7000,127.0.0.1:7001,mode=standalone"));
        Assert.That(error!.Message, Does.Contain("Mode is Standalone"));
    }

    [Test]
    public async Task Fail_fast_start_up_throws_a_clear_exception_when_nothing_listens()
    {
        var port = Servers.ClosedPort();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddKeyedMultiplex("orders", $"127.0.0.1:{port}", configureStartup: startup =>
        {
            startup.ConnectOnStartup = StartupConnectMode.FailFast;
            startup.StartupTimeout = TimeSpan.FromMilliseconds(500);
        });
        var host = builder.Build();
        await using var disposeHost = (IAsyncDisposable)host;

        var error = Assert.ThrowsAsync<RedisConnectionException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("'orders'").And.Contain("did not connect at start-up").And.Contain($"127.0.0.1:{port}"));
        Assert.That(error.InnerException, Is.InstanceOf<RedisConnectionException>());
    }

    [Test]
    public async Task Fail_fast_start_up_completes_once_connected()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMultiplex(await Servers.StandaloneEndpointAsync(), configureStartup: startup => startup.ConnectOnStartup = StartupConnectMode.FailFast);
        var host = builder.Build();
        await using var disposeHost = (IAsyncDisposable)host;

        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(host.Services.GetRequiredService<RedisClient>().IsConnected, Is.True);
        await host.StopAsync();
    }

    [Test]
    public async Task Fail_fast_start_up_can_be_chosen_in_configuration()
    {
        var port = Servers.ClosedPort();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = $"127.0.0.1:{port}",
            ["Redis:ConnectOnStartup"] = "FailFast",
            ["Redis:StartupTimeout"] = "00:00:00.500",
        });
        builder.Services.AddMultiplex(builder.Configuration.GetSection("Redis"));
        var host = builder.Build();
        await using var disposeHost = (IAsyncDisposable)host;

        var error = Assert.ThrowsAsync<RedisConnectionException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("(unkeyed)").And.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task Background_start_up_does_not_wait_for_a_server_that_does_not_answer()
    {
        // The proxy accepts the connection and swallows the handshake, so a start-up that waited
        // would wait for the whole 60 s connect timeout.
        await using var proxy = await FaultProxy.StartAsync("127.0.0.1", (await SharedServers.StandaloneAsync()).Port);
        proxy.BlackHole = true;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMultiplex(proxy.Endpoint, options => options with { ConnectTimeout = TimeSpan.FromSeconds(60), CommandTimeout = TimeSpan.FromMilliseconds(300) });
        var host = builder.Build();
        await using var disposeHost = (IAsyncDisposable)host;

        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));

        // The host start resolved the client, which started connecting before anyone asked for it.
        await Servers.WaitUntilAsync(() => Task.FromResult(proxy.TotalConnections >= 1));
        var client = host.Services.GetRequiredService<RedisClient>();
        Assert.That(client.IsConnected, Is.False);
        Assert.ThrowsAsync<RedisTimeoutException>(async () => await client.PingAsync());
        await host.StopAsync();
    }

    private sealed record ConnectionSettings(string Endpoint, string Name);

    private sealed class ReportStore([FromKeyedServices("reports")] RedisClient client)
    {
        public RedisClient Client { get; } = client;
    }
}
