using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Multiplex.Testing.Processes;

/// <summary>
/// Every server process a fixture started and has not stopped yet. When the test host exits (even
/// without disposing its fixtures) the ProcessExit hook kills them by id and deletes this host's
/// fixture folder. The first use also sweeps what earlier, killed test hosts left behind.
/// </summary>
internal static class ProcessRegistry
{
    private static readonly ConcurrentDictionary<int, ServerProcess> Live = new();

    // Kept alive for the life of the process: disposing a registration removes the handler.
    private static readonly PosixSignalRegistration[] SignalHandlers =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => KillAll()),
    ];

    static ProcessRegistry()
    {
        FixtureDirectory.SweepStale();

        // A test host stopped by a signal does not always get to ProcessExit (the test platform may
        // handle the signal itself), so the signals kill the servers too; the default action still runs.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        GC.KeepAlive(SignalHandlers);
    }

    /// <summary>The processes that are running now.</summary>
    public static IReadOnlyCollection<ServerProcess> Processes => [.. Live.Values];

    private static volatile bool _exiting;

    public static void Add(ServerProcess process)
    {
        Live[process.ProcessId] = process;

        // A start that raced with the exit hook must not outlive the test host.
        if (_exiting)
        {
            process.KillNow();
        }
    }

    public static void Remove(ServerProcess process) => Live.TryRemove(process.ProcessId, out _);

    /// <summary>Makes sure the static constructor (sweep and hook) has run.</summary>
    public static void EnsureInitialized()
    {
    }

    private static void KillAll()
    {
        _exiting = true;
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
