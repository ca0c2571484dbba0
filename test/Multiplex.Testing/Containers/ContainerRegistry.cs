using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Multiplex.Testing.Containers;

/// <summary>
/// The fixture containers this test host created and has not removed yet. When the test host exits
/// without disposing its fixtures, the ProcessExit hook and the signal handlers remove them; a host
/// killed outright leaves them to the next host's <see cref="SweepStaleAsync"/> and to build.sh's sweep,
/// which both find them by their <see cref="ContainerSettings.HostLabel"/>.
/// </summary>
internal static class ContainerRegistry
{
    // How long the exit hook waits for the engine; a removal that takes longer is left to the sweeps.
    private static readonly TimeSpan ExitRemovalTimeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<string, IServerLog> Live = new();

    // Kept alive for the life of the process: disposing a registration removes the handler.
    private static readonly PosixSignalRegistration[] SignalHandlers =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RemoveAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RemoveAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => RemoveAll()),
    ];

    static ContainerRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
        GC.KeepAlive(SignalHandlers);
    }

    /// <summary>The labels every fixture container carries.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } =
        new Dictionary<string, string> { [ContainerSettings.HostLabel] = ContainerSettings.HostLabelValue };

    /// <summary>The containers that exist now, for their logs.</summary>
    public static IReadOnlyCollection<IServerLog> Servers => [.. Live.Values];

    public static void Add(string containerId, IServerLog server) => Live[containerId] = server;

    public static void Remove(string containerId) => Live.TryRemove(containerId, out _);

    /// <summary>The ids of the fixture containers that exist now, of every test host, with the host's process id.</summary>
    public static async Task<IReadOnlyList<(string Id, int? HostProcessId)>> ListAsync(DockerClient client, CancellationToken cancellationToken)
    {
        var containers = await client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [ContainerSettings.HostLabel] = true },
                },
            },
            cancellationToken);
        return [.. containers.Select(container => (container.ID, HostOf(container.Labels)))];
    }

    /// <summary>Removes the fixture containers of test hosts that no longer run.</summary>
    public static async Task SweepStaleAsync(DockerClient client, CancellationToken cancellationToken)
    {
        foreach (var (id, host) in await ListAsync(client, cancellationToken))
        {
            if (host != Environment.ProcessId && (host is null || !IsAlive(host.Value)))
            {
                await RemoveAsync(client, id, cancellationToken);
            }
        }
    }

    /// <summary>Removes a container whatever its state (killed if it runs); one already gone is fine.</summary>
    public static async Task RemoveAsync(DockerClient client, string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(
                containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    private static int? HostOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(ContainerSettings.HostLabel, out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            ? processId
            : null;

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void RemoveAll()
    {
        if (Live.IsEmpty)
        {
            return;
        }

        using var client = DockerEngine.CreateClient();
        using var timeout = new CancellationTokenSource(ExitRemovalTimeout);
        foreach (var id in Live.Keys)
        {
            try
            {
                // An exit hook cannot await: it blocks until the engine has removed the container.
                RemoveAsync(client, id, timeout.Token).GetAwaiter().GetResult();
                Remove(id);
            }
            catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
            {
                // The sweeps (the next test host's and build.sh's) remove what is left.
            }
        }
    }
}
