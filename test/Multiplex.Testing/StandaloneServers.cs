using Multiplex.Testing.Containers;

namespace Multiplex.Testing;

/// <summary>
/// Starts a standalone redis-server fixture: a <see cref="RedisContainerServer"/> where containers can run
/// and the options allow it, else a <see cref="RedisServer"/> process. <c>MULTIPLEX_CONTAINERS=0</c>
/// keeps every fixture a process; <c>MULTIPLEX_CONTAINERS=1</c> makes a fixture fail rather than fall
/// back when Docker does not work.
/// </summary>
public static class StandaloneServers
{
    /// <summary>Starts a container or a process configured by <paramref name="options"/> and waits until it answers PING.</summary>
    public static async Task<IServerFixture> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisServerOptions();
        if (!ContainerArguments.CanServe(options))
        {
            return await RedisServer.StartAsync(options, cancellationToken);
        }

        if (await WhyNoContainersAsync() is { } reason)
        {
            return ContainerSettings.Mode == ContainerMode.Required
                ? throw new InvalidOperationException($"{ContainerSettings.SwitchVariable}=1, but no container can run here: {reason}.")
                : await RedisServer.StartAsync(options, cancellationToken);
        }

        return await RedisContainerServer.StartAsync(options, cancellationToken);
    }

    /// <summary>Null when the standalone fixtures run in containers in this test host; otherwise why not.</summary>
    public static Task<string?> WhyNoContainersAsync() => DockerEngine.WhyUnavailableAsync();
}
