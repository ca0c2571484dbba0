using Microsoft.Extensions.Diagnostics.HealthChecks;
using Multiplex.Extensions.DependencyInjection;

// In the namespace of IHealthChecksBuilder, so `AddHealthChecks().AddMultiplex()` needs no using directive.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a health check of a registered <see cref="Multiplex.RedisClient"/>.</summary>
public static class MultiplexHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check: <c>redis</c>.</summary>
    public const string DefaultName = "redis";

    /// <summary>PING round trips longer than this make the check degraded by default: 500 ms.</summary>
    public static readonly TimeSpan DefaultDegradedLatency = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Adds a check of the client registered with <c>AddMultiplex</c> (or <c>AddKeyedMultiplex</c>
    /// with <paramref name="serviceKey"/>): unhealthy (<paramref name="failureStatus"/>) when it is
    /// disconnected or PING fails, degraded when PING takes longer than <paramref name="degradedLatency"/>,
    /// healthy otherwise. The result's data holds <c>endpoints</c>, <c>connected</c>, <c>protocol</c>,
    /// <c>latencyMs</c> (when PING answered) and <c>reconnectCount</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <c>redis</c>.</param>
    /// <param name="serviceKey">The key of a keyed client; null for the unkeyed one.</param>
    /// <param name="degradedLatency">The PING round trip above which the check is degraded; default 500 ms.</param>
    /// <param name="failureStatus">The status reported on failure; default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags for filtering checks; null for none.</param>
    /// <param name="timeout">How long the check may take (cancels PING); null for the health check service's default.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddMultiplex(this IHealthChecksBuilder builder, string name = DefaultName, object? serviceKey = null,
        TimeSpan? degradedLatency = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var threshold = degradedLatency ?? DefaultDegradedLatency;
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, TimeSpan.Zero, nameof(degradedLatency));
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new MultiplexHealthCheck(MultiplexRegistration.Resolve(services, serviceKey), threshold),
            failureStatus,
            tags,
            timeout));
    }
}
