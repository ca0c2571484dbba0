using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// One <c>AddMultiplex</c>/<c>AddKeyedMultiplex</c> call: how to build the client's options and its
/// start-up behaviour. Registered as a singleton so the start-up service can find every client.
/// </summary>
internal sealed class MultiplexRegistration(
    object? serviceKey, Func<IServiceProvider, RedisClientOptions> createOptions, Func<MultiplexStartupOptions> createStartupOptions)
{
    /// <summary>The service key of a keyed client; null for the unkeyed one.</summary>
    public object? ServiceKey { get; } = serviceKey;

    /// <summary>Reads the start-up options (from configuration, where bound, at the time of the call).</summary>
    public MultiplexStartupOptions ReadStartupOptions() => createStartupOptions();

    /// <summary>Creates the client, which starts connecting in the background.</summary>
    public RedisClient CreateClient(IServiceProvider services) =>
        RedisClient.Create(createOptions(services), services.GetService<ILoggerFactory>());

    /// <summary>The client this registration put in <paramref name="services"/>.</summary>
    public RedisClient Resolve(IServiceProvider services) => Resolve(services, ServiceKey);

    /// <summary>The unkeyed client, or the client registered under <paramref name="serviceKey"/>.</summary>
    public static RedisClient Resolve(IServiceProvider services, object? serviceKey) =>
        serviceKey is null ? services.GetRequiredService<RedisClient>() : services.GetRequiredKeyedService<RedisClient>(serviceKey);

    /// <summary>How messages name the client: <c>(unkeyed)</c> or its key.</summary>
    public static string Describe(object? serviceKey) => serviceKey is null ? "(unkeyed)" : $"'{serviceKey}'";
}
