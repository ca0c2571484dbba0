using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Multiplex.Extensions.Tests.Support;
using Multiplex.Testing;

namespace Multiplex.Extensions.Tests.HealthChecks;

/// <summary>The Multiplex health check through the health check service.</summary>
public sealed class HealthCheckTests : ServerTestBase
{
    [Test]
    public async Task A_connected_client_is_healthy_and_reports_its_state()
    {
        var endpoint = await Servers.StandaloneEndpointAsync();
        await using var provider = Build(services =>
        {
            services.AddMultiplex(endpoint);
            services.AddHealthChecks().AddMultiplex(degradedLatency: TimeSpan.FromSeconds(10));
        });
        await provider.GetRequiredService<RedisClient>().WaitForConnectionAsync(TimeSpan.FromSeconds(15));

        var entry = await CheckAsync(provider, "redis");

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy), entry.Description);
        Assert.That(entry.Data["endpoints"], Is.EqualTo(endpoint));
        Assert.That(entry.Data["connected"], Is.EqualTo(true));
        Assert.That(entry.Data["protocol"], Is.EqualTo("Resp3"));
        Assert.That(entry.Data["reconnectCount"], Is.EqualTo(0L));
        Assert.That((double)entry.Data["latencyMs"], Is.GreaterThanOrEqualTo(0).And.LessThan(10_000));
    }

    [Test]
    public async Task A_ping_slower_than_the_threshold_is_degraded()
    {
        var endpoint = await Servers.StandaloneEndpointAsync();
        await using var provider = Build(services =>
        {
            services.AddMultiplex(endpoint);
            // Any round trip takes longer than zero.
            services.AddHealthChecks().AddMultiplex("redis-strict", degradedLatency: TimeSpan.Zero);
        });
        await provider.GetRequiredService<RedisClient>().WaitForConnectionAsync(TimeSpan.FromSeconds(15));

        var entry = await CheckAsync(provider, "redis-strict");

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded), entry.Description);
        Assert.That(entry.Data.ContainsKey("latencyMs"), Is.True);
    }

    [Test]
    public async Task A_client_that_cannot_connect_is_unhealthy()
    {
        var port = Servers.ClosedPort();
        await using var provider = Build(services =>
        {
            services.AddKeyedMultiplex("down", $"127.0.0.1:{port}");
            services.AddHealthChecks().AddMultiplex("redis-down", serviceKey: "down");
        });

        var entry = await CheckAsync(provider, "redis-down");

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Data["connected"], Is.EqualTo(false));
        Assert.That(entry.Description, Does.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task A_client_whose_server_stopped_is_unhealthy_with_the_registered_failure_status()
    {
        // A process, not a container: the test kills it.
        await using var server = await RedisServer.StartAsync();
        await using var provider = Build(services =>
        {
            services.AddMultiplex(server.Endpoint);
            services.AddHealthChecks().AddMultiplex(failureStatus: HealthStatus.Degraded, degradedLatency: TimeSpan.FromSeconds(10));
        });
        var client = provider.GetRequiredService<RedisClient>();
        await client.WaitForConnectionAsync(TimeSpan.FromSeconds(15));
        Assert.That((await CheckAsync(provider, "redis")).Status, Is.EqualTo(HealthStatus.Healthy));

        await server.StopAsync();
        await Servers.WaitUntilAsync(() => Task.FromResult(!client.IsConnected));
        var entry = await CheckAsync(provider, "redis");

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded), "the registration's failure status");
        Assert.That(entry.Description, Does.Contain("Not connected"));
    }

    [Test]
    public async Task A_ping_that_gets_no_reply_within_the_check_timeout_is_unhealthy()
    {
        await using var server = await StandaloneServers.StartAsync();
        await using var provider = Build(services =>
        {
            services.AddMultiplex(server.Endpoint);
            services.AddHealthChecks().AddMultiplex(timeout: TimeSpan.FromMilliseconds(300));
        });
        await provider.GetRequiredService<RedisClient>().WaitForConnectionAsync(TimeSpan.FromSeconds(15));

        // The server holds every client's commands for 3 s, so the connection stays up but PING waits.
        await server.CliAsync("CLIENT", "PAUSE", "3000", "ALL");
        var entry = await CheckAsync(provider, "redis");

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy), entry.Description);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider provider, string name)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(registration => registration.Name == name);
        return report.Entries[name];
    }
}
