using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Multiplex.LoadTest;

/// <summary>
/// The server processes and folders the load test made itself (the throwaway cluster's) and has not
/// removed yet. When the load test exits, normally or by SIGINT (Ctrl-C), SIGTERM or SIGHUP, they are
/// killed by process id and deleted, so a stopped run leaves no redis-server behind.
/// </summary>
public static class ExitCleanup
{
    private static readonly ConcurrentDictionary<int, Process> Processes = new();
    private static readonly ConcurrentDictionary<string, bool> Directories = new(StringComparer.Ordinal);

    // Kept for the life of the process: disposing a registration removes its handler. The handlers do
    // not cancel the signal, so its default action (ending the process) still follows.
    private static readonly PosixSignalRegistration[] SignalHandlers =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RemoveAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RemoveAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => RemoveAll()),
    ];

    static ExitCleanup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
        GC.KeepAlive(SignalHandlers);
    }

    /// <summary>Kills <paramref name="process"/> when the load test exits, unless <see cref="Forget(Process)"/> comes first.</summary>
    public static void Track(Process process) => Processes[process.Id] = process;

    /// <summary>Deletes <paramref name="directory"/> when the load test exits, unless <see cref="Forget(string)"/> comes first.</summary>
    public static void Track(string directory) => Directories[directory] = true;

    /// <summary>The process was stopped by its owner.</summary>
    public static void Forget(Process process) => Processes.TryRemove(process.Id, out _);

    /// <summary>The directory was deleted by its owner.</summary>
    public static void Forget(string directory) => Directories.TryRemove(directory, out _);

    /// <summary>Kills one process, ignoring one that has already gone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>
    /// Deletes a directory tree, then its parent if that is left empty (the per-process folder it was
    /// made in); ignores what is gone, still busy, or shared with others.
    /// </summary>
    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            if (Path.GetDirectoryName(directory) is { } parent && Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A process that is still exiting may hold a file, or another folder appeared in the parent;
            // the fixtures' clean-up (build.sh) sweeps what is left.
        }
    }

    private static void RemoveAll()
    {
        foreach (var process in Processes.Values)
        {
            Kill(process);
        }

        Processes.Clear();
        foreach (var directory in Directories.Keys)
        {
            TryDelete(directory);
        }

        Directories.Clear();
    }
}
