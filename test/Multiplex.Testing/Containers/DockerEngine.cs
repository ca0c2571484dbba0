using Docker.DotNet;
using DotNet.Testcontainers.Configurations;
using NUnit.Framework;

namespace Multiplex.Testing.Containers;

/// <summary>
/// Whether this test host can run fixture containers, decided once: containers are not switched off, a
/// Docker engine answers, and the image is there (or was named explicitly, and so may be pulled).
/// It also prepares Testcontainers for the engine found: no Ryuk reaper (its image cannot be pulled
/// here; <see cref="ContainerRegistry"/> cleans up instead) and an API version the engine speaks.
/// </summary>
internal static class DockerEngine
{
    // The Docker API version Testcontainers 4.17 asks for unless DOCKER_API_VERSION names another; Debian
    // 12's docker.io (20.10) speaks up to 1.41 and refuses newer clients.
    private static readonly Version TestcontainersApiVersion = new(1, 44);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<Task<string?>> Check = new(FindWhyUnavailableAsync);

    /// <summary>The engine's address: <c>DOCKER_HOST</c>, else the local socket.</summary>
    public static Uri Endpoint { get; } = new(
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock");

    /// <summary>Null when containers can run here; otherwise why not.</summary>
    public static Task<string?> WhyUnavailableAsync() => Check.Value;

    /// <summary>A client of the engine that speaks the engine's own API version (requests carry no version).</summary>
    public static DockerClient CreateClient() => new DockerClientBuilder().WithEndpoint(Endpoint).Build();

    private static async Task<string?> FindWhyUnavailableAsync()
    {
        var reason = await ProbeAsync();
        TestContext.Progress.WriteLine(reason is null
            ? $"containers: the standalone fixtures run on Testcontainers with {ContainerSettings.Image} ({Endpoint})"
            : $"containers: not used ({reason}); the fixtures run as processes");
        return reason;
    }

    private static async Task<string?> ProbeAsync()
    {
        if (ContainerSettings.Mode == ContainerMode.Off)
        {
            return $"{ContainerSettings.SwitchVariable}=0";
        }

        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            using var client = CreateClient();
            var version = await client.System.GetVersionAsync(timeout.Token);
            UseApiVersionOf(version.APIVersion);
            TestcontainersSettings.ResourceReaperEnabled = false;
            await ContainerRegistry.SweepStaleAsync(client, timeout.Token);
            if (ContainerSettings.ImageOverride is null && !await ImageExistsAsync(client, ContainerSettings.DefaultImage, timeout.Token))
            {
                return $"the image {ContainerSettings.DefaultImage} is missing; ./build.sh image builds it";
            }

            return null;
        }
        // Whatever fails here (no socket, a refused connection, an ssh:// DOCKER_HOST the client cannot
        // use, an engine error) means the fixtures cannot use this engine: they run as processes.
        catch (Exception exception)
        {
            var cause = exception is AggregateException { InnerException: { } inner } ? inner : exception;
            return $"no Docker engine answers at {Endpoint}: {cause.Message.TrimEnd('.')}";
        }
    }

    /// <summary>Asks Testcontainers to speak the engine's API version when the engine is older than its default.</summary>
    private static void UseApiVersionOf(string engineApiVersion)
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 }
            || !Version.TryParse(engineApiVersion, out var engine) || engine >= TestcontainersApiVersion)
        {
            return;
        }

        // Read by Testcontainers when its settings are first used, which is after this.
        Environment.SetEnvironmentVariable("DOCKER_API_VERSION", engine.ToString(2));
    }

    private static async Task<bool> ImageExistsAsync(DockerClient client, string image, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
