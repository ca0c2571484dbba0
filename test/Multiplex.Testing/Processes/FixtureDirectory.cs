using System.Diagnostics;
using System.Globalization;

namespace Multiplex.Testing.Processes;

/// <summary>
/// Temp directories for fixtures: <c>{temp}/multiplex-fixtures/p{test host pid}/{name}-{n}</c>. Every
/// server process runs with its working directory inside one, so build.sh (and <see cref="SweepStale"/>
/// on the next run) can find and stop what a killed test host left behind.
/// </summary>
internal static class FixtureDirectory
{
    private static int _sequence;

    /// <summary>The folder build.sh cleans up: <c>{temp}/multiplex-fixtures</c>.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "multiplex-fixtures");

    /// <summary>This test host's folder below <see cref="Root"/>.</summary>
    public static string ProcessRoot { get; } =
        Path.Combine(Root, "p" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Creates a fresh directory for one fixture, below <paramref name="parent"/> or this host's root.</summary>
    public static string Create(string name, string? parent = null)
    {
        var number = Interlocked.Increment(ref _sequence);
        var path = Path.Combine(parent ?? ProcessRoot, name + "-" + number.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a directory tree, ignoring what is already gone or still busy.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A process that is still exiting may hold a file; build.sh removes the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Stops processes and deletes folders left by earlier test hosts that no longer run (killed
    /// before their exit hooks could clean up).
    /// </summary>
    public static void SweepStale()
    {
        KillOrphanedProcesses();
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(Root, "p*"))
        {
            if (OwnerOf(folder) is { } ownerId && ownerId != Environment.ProcessId && !IsAlive(ownerId))
            {
                TryDelete(folder);
            }
        }
    }

    /// <summary>The test host process id in a <c>p{pid}</c> folder name, or null.</summary>
    private static int? OwnerOf(string folder)
    {
        var name = Path.GetFileName(folder);
        return name.StartsWith('p')
            && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var ownerId)
            ? ownerId
            : null;
    }

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

    private static void KillOrphanedProcesses()
    {
        // /proc/{pid}/cwd names each process's working directory (even one deleted meanwhile); only
        // Linux has it, which is where the fixtures run. Elsewhere build.sh's clean-up remains.
        if (!Directory.Exists("/proc"))
        {
            return;
        }

        var prefix = Root + Path.DirectorySeparatorChar;
        foreach (var entry in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            {
                continue;
            }

            try
            {
                var workingDirectory = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (workingDirectory is null || !workingDirectory.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var ownerFolder = workingDirectory[prefix.Length..].Split(Path.DirectorySeparatorChar)[0];
                if (OwnerOf(ownerFolder) is { } ownerId && ownerId != Environment.ProcessId && !IsAlive(ownerId))
                {
                    using var process = Process.GetProcessById(processId);
                    process.Kill();
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
                                                  or ArgumentException or InvalidOperationException
                                                  or System.ComponentModel.Win32Exception)
            {
                // The process exited meanwhile or belongs to someone else.
            }
        }
    }
}
