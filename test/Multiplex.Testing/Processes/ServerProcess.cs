using System.Diagnostics;
using System.Text;

namespace Multiplex.Testing.Processes;

/// <summary>
/// One server process (redis-server, redis-sentinel, garnet-server): started with its working
/// directory in the fixture folder, its stdout and stderr appended to a log file, registered so it
/// is killed when the test host exits, and waited on until a readiness probe passes.
/// </summary>
internal sealed class ServerProcess
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _workingDirectory;
    private readonly Lock _logLock = new();
    private Process? _process;
    private StreamWriter? _log;

    public ServerProcess(string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory)
    {
        Name = name;
        _fileName = fileName;
        _arguments = arguments;
        _workingDirectory = workingDirectory;
        LogPath = Path.Combine(workingDirectory, name + ".log");
    }

    /// <summary>A short name for messages, e.g. <c>redis-6379</c>.</summary>
    public string Name { get; }

    public string LogPath { get; }

    public int ProcessId => _process?.Id ?? 0;

    public bool HasExited => _process is null || _process.HasExited;

    public void Start()
    {
        ProcessRegistry.EnsureInitialized();
        var startInfo = new ProcessStartInfo(_fileName)
        {
            WorkingDirectory = _workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in _arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        lock (_logLock)
        {
            _log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8)
            {
                AutoFlush = true,
            };
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => AppendLog(line.Data);
        process.ErrorDataReceived += (_, line) => AppendLog(line.Data);
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"{Name}: could not start {_fileName}.");
            }
        }
        catch
        {
            process.Dispose();
            CloseLog();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        ProcessRegistry.Add(this);
    }

    /// <summary>Polls <paramref name="probe"/> until it returns true; fails fast when the process exits.</summary>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasExited)
            {
                throw new FixtureStartException(
                    $"{Name} exited with code {ExitCodeOrUnknown()} before it was ready.", ReadLogTail(), LogPath);
            }

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                if (await probe(attempt.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new FixtureStartException(
                    $"{Name} was not ready within {timeout.TotalSeconds:0.#} s.", ReadLogTail(), LogPath);
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public string ReadLogTail(int lines = 50) => LogTail.Read(LogPath, lines);

    /// <summary>Kills the process and waits until it has gone.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        KillNow();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        CloseLog();
        process.Dispose();
        _process = null;
    }

    /// <summary>Kills the process without waiting (also used by the ProcessExit hook).</summary>
    public void KillNow()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        ProcessRegistry.Remove(this);
        ProcessRegistry.Kill(process);
    }

    private string ExitCodeOrUnknown()
    {
        try
        {
            return _process?.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }

    private void CloseLog()
    {
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
