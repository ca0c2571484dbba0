using System.Collections.Concurrent;
using System.Diagnostics;

namespace Multiplex.Testing.Processes;

/// <summary>
/// Every server process a fixture started and has not stopped yet. When the test host exits (even
/// without disposing its fixtures) the ProcessExit hook kills them by id and deletes this host's
/// fixture folder. The first use also sweeps what earlier, killed test hosts left behind.
/// </summary>
internal static class ProcessRegistry
{
    private static readonly ConcurrentDictionary<int, ServerProcess> Live = new();

    static ProcessRegistry()
    {
        FixtureDirectory.SweepStale();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>The processes that are running now.</summary>
    public static IReadOnlyCollection<ServerProcess> Processes => [.. Live.Values];

    public static void Add(ServerProcess process) => Live[process.ProcessId] = process;

    public static void Remove(ServerProcess process) => Live.TryRemove(process.ProcessId, out _);

    /// <summary>Makes sure the static constructor (sweep and hook) has run.</summary>
    public static void EnsureInitialized()
    {
    }

    private static void KillAll()
    {
        foreach (var process in Live.Values)
        {
            process.KillNow();
        }

        Live.Clear();
        FixtureDirectory.TryDelete(FixtureDirectory.ProcessRoot);
    }

    /// <summary>Kills one process by id, ignoring a process that has already gone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
