namespace Multiplex.Extensions.DependencyInjection;

/// <summary>What application start-up does about a registered client's first connection.</summary>
public enum StartupConnectMode
{
    /// <summary>
    /// Start-up does not wait: the client starts connecting in the background when the host starts
    /// (or when first resolved, without a host), and commands wait for it within their timeout.
    /// </summary>
    Background,

    /// <summary>
    /// Start-up waits for the first connection, up to <see cref="MultiplexStartupOptions.StartupTimeout"/>,
    /// and fails with a <see cref="RedisConnectionException"/> when it does not come.
    /// </summary>
    FailFast,
}
