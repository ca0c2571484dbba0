using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// Reports a client's connection state and PING round trip: unhealthy (the registration's failure
/// status) when disconnected or when PING fails, degraded when PING takes longer than the threshold.
/// </summary>
internal sealed class MultiplexHealthCheck(RedisClient client, TimeSpan degradedLatency) : IHealthCheck
{
    /// <summary>Data keys of the result.</summary>
    public const string EndpointsKey = "endpoints";
    public const string ConnectedKey = "connected";
    public const string ProtocolKey = "protocol";
    public const string LatencyKey = "latencyMs";
    public const string ReconnectCountKey = "reconnectCount";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failureStatus = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object>
        {
            [EndpointsKey] = string.Join(",", client.Options.Endpoints),
            [ConnectedKey] = client.IsConnected,
            [ProtocolKey] = client.Protocol.ToString(),
            [ReconnectCountKey] = client.ReconnectCount,
        };

        // A disconnected client would hold PING in its backlog until the command timeout: report at once.
        if (!client.IsConnected)
        {
            return new HealthCheckResult(failureStatus, $"Not connected to {data[EndpointsKey]}.", data: data);
        }

        TimeSpan latency;
        try
        {
            latency = await client.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or OperationCanceledException)
        {
            data[ConnectedKey] = client.IsConnected;
            return new HealthCheckResult(failureStatus, $"PING to {data[EndpointsKey]} failed: {exception.Message}", exception, data);
        }

        data[LatencyKey] = Math.Round(latency.TotalMilliseconds, 3);
        data[ProtocolKey] = client.Protocol.ToString();
        return latency > degradedLatency
            ? HealthCheckResult.Degraded($"PING took {latency.TotalMilliseconds:0.###} ms (degraded above {degradedLatency.TotalMilliseconds:0.###} ms).", data: data)
            : HealthCheckResult.Healthy($"PING took {latency.TotalMilliseconds:0.###} ms.", data);
    }
}
