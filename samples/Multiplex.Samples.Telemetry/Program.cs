using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Multiplex.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Multiplex.Samples.Telemetry;

/// <summary>
/// Multiplex's traces and metrics through the OpenTelemetry SDK, printed by the console exporter. It
/// connects to <c>REDIS_URL</c> (or the first argument), or else starts a throwaway redis-server on a
/// free loopback port. The spans appear as the commands end; the metrics when the host stops.
/// </summary>
public static class Program
{
    private static readonly ActivitySource Source = new("Multiplex.Samples.Telemetry");

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var url = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("REDIS_URL");
        RedisServer? throwaway = null;
        try
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                System.Console.WriteLine("No REDIS_URL given: starting a throwaway redis-server on loopback...");
                throwaway = await RedisServer.StartAsync(cancellationToken: stop.Token);
                url = $"redis://{throwaway.Endpoint}";
            }

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMultiplex(RedisClientOptions.Parse(url) with { QueryTextCapture = QueryTextCapture.Placeholders });
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("multiplex-telemetry-sample"))
                .WithTracing(tracing => tracing
                    .AddSource(MultiplexTelemetry.ActivitySourceName, Source.Name)
                    .AddConsoleExporter())
                .WithMetrics(metrics => metrics
                    .AddMeter(MultiplexTelemetry.MeterName)
                    .AddConsoleExporter());

            using var host = builder.Build();
            await host.StartAsync(stop.Token);
            var client = host.Services.GetRequiredService<RedisClient>();
            await RunAsync(client, stop.Token);
            await host.StopAsync(stop.Token);
            return 0;
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException or FixtureStartException)
        {
            System.Console.Error.WriteLine($"The sample failed: {ex.Message}");
            return 1;
        }
        finally
        {
            if (throwaway is not null)
            {
                await throwaway.DisposeAsync();
            }
        }
    }

    /// <summary>A request's worth of work under one parent span: commands, a batch, a transaction, a failure.</summary>
    private static async Task RunAsync(RedisClient client, CancellationToken cancellationToken)
    {
        using var request = Source.StartActivity("handle request");
        await client.SetAsync("sample:greeting", "hello", expiry: TimeSpan.FromMinutes(1), cancellationToken: cancellationToken);
        System.Console.WriteLine($"GET sample:greeting -> {await client.GetAsync("sample:greeting", cancellationToken)}");

        var batch = client.CreateBatch();
        var first = batch.Commands.IncrAsync("sample:visits", cancellationToken);
        var second = batch.Commands.IncrAsync("sample:visits", cancellationToken);
        await batch.ExecuteAsync(cancellationToken);
        System.Console.WriteLine($"a batch of 2 INCR -> {await first}, {await second}");

        var transaction = client.CreateTransaction();
        var counted = transaction.Commands.IncrAsync("sample:visits", cancellationToken);
        await transaction.ExecuteAsync(cancellationToken);
        System.Console.WriteLine($"MULTI/EXEC INCR -> {await counted}");

        try
        {
            await client.LPushAsync("sample:greeting", ["not a list"], cancellationToken);
        }
        catch (RedisServerException ex)
        {
            System.Console.WriteLine($"LPUSH on a string failed as expected: {ex.Prefix} (the span has error.type={ex.Prefix})");
        }
    }
}
