using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// One redis-server of the throwaway cluster: cluster mode on, bound to loopback, nothing persisted
/// (no RDB, no AOF), its nodes.conf and log in the cluster's folder. Started on a free port whose
/// cluster bus port is free too, and ready once it answers PING.
/// </summary>
public sealed class ClusterNode
{
    /// <summary>The executable's name, looked up on the PATH.</summary>
    public const string Executable = "redis-server";

    // Another process can take a free port before the server binds it: a start is retried this often.
    private const int MaxStartAttempts = 5;

    // A redis-server with nothing to load answers within milliseconds; this bounds a stuck start.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private ClusterNode(Process process, int port, string logPath)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
    }

    /// <summary>The node's client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{ThrowawayCluster.Host}:{Port}");

    /// <summary>The server's log file.</summary>
    public string LogPath { get; }

    /// <summary>Starts a node in <paramref name="directory"/> and waits until it answers PING.</summary>
    public static async Task<ClusterNode> StartAsync(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = Multiplex.Testing.Processes.FreePorts.Next(clusterBus: true);
            var logPath = Path.Combine(directory, $"redis-{port}.log");
            var node = new ClusterNode(Launch(directory, port, logPath), port, logPath);
            try
            {
                await node.WaitUntilReadyAsync();
                return node;
            }
            catch (InvalidOperationException) when (attempt < MaxStartAttempts && node.LogTail().Contains("Address already in use", StringComparison.Ordinal))
            {
                await node.StopAsync();
            }
            catch
            {
                await node.StopAsync();
                throw;
            }
        }
    }

    /// <summary>Kills the server and waits (boundedly) until it has gone.</summary>
    public async Task StopAsync()
    {
        ExitCleanup.Kill(_process);
        using (var timeout = new CancellationTokenSource(ExitTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Left to the exit clean-up, which kills it again by id.
                return;
            }
        }

        ExitCleanup.Forget(_process);
        _process.Dispose();
    }

    /// <summary>The last lines of the server's log, for error messages.</summary>
    public string LogTail()
    {
        const int Lines = 10;
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(Lines));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static Process Launch(string directory, int port, string logPath)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", ThrowawayCluster.Host,
            "--cluster-enabled", "yes",
            "--cluster-config-file", Path.Combine(directory, $"nodes-{port}.conf"),
            "--appendonly", "no",
            "--save", string.Empty,
            "--dir", directory,
            "--logfile", logPath,
            "--daemonize", "no",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Executable}");
        ExitCleanup.Track(process);

        // The log file has everything once the arguments are read; what comes before is dropped, but drained so the pipes never fill.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server on port {Port} exited with code {_process.ExitCode} before it was ready: {LogTail()}");
            }

            if (await RedisCli.QueryAsync(Port, ["PING"], PingTimeout) is { } reply && reply.Trim() == "PONG")
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds:0} s: {LogTail()}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
