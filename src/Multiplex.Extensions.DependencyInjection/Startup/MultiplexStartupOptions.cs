namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// How a registered client behaves at application start-up. A mutable class, unlike
/// <see cref="RedisClientOptions"/>, so that it can be configured with an <see cref="Action{T}"/>
/// and bound from configuration (keys <c>ConnectOnStartup</c> and <c>StartupTimeout</c>).
/// </summary>
public sealed class MultiplexStartupOptions
{
    /// <summary>Whether start-up waits for the first connection. Default <see cref="StartupConnectMode.Background"/>.</summary>
    public StartupConnectMode ConnectOnStartup { get; set; } = StartupConnectMode.Background;

    /// <summary>
    /// How long start-up waits for the first connection in <see cref="StartupConnectMode.FailFast"/>
    /// mode. Default 10 s. The client keeps its own <see cref="RedisClientOptions.ConnectTimeout"/> per attempt.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
