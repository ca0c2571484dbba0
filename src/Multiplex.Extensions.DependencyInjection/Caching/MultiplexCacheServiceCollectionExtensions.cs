using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Multiplex.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Multiplex <see cref="IDistributedCache"/>.</summary>
public static class MultiplexCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IDistributedCache"/> singleton, also an <see cref="IBufferDistributedCache"/>
    /// (HybridCache reads and writes it through buffers), that stores entries in Redis through the
    /// client registered with <c>AddMultiplex</c> (or the keyed one named by
    /// <see cref="MultiplexCacheOptions.ServiceKey"/>). Each entry is one hash at
    /// <see cref="MultiplexCacheOptions.KeyPrefix"/> + key; every call is one round trip. The
    /// synchronous members throw <see cref="NotSupportedException"/>; use the asynchronous ones.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the key prefix, which client to use and whether reads slide the expiration; null for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMultiplexDistributedCache(this IServiceCollection services, Action<MultiplexCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MultiplexCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<IDistributedCache>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<MultiplexCacheOptions>>().Value;
            return new MultiplexDistributedCache(
                MultiplexRegistration.Resolve(provider, settings.ServiceKey),
                settings.KeyPrefix ?? string.Empty,
                refreshOnRead: !settings.DisableSlidingExpirationRefresh,
                provider.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return services;
    }
}
