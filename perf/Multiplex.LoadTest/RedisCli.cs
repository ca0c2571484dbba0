using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>Runs redis-cli (from redis-tools) against a loopback server, bounded in time, and returns its output.</summary>
public static class RedisCli
{
    /// <summary>The executable's name, looked up on the PATH.</summary>
    public const string Executable = "redis-cli";

    /// <summary>Runs redis-cli with <paramref name="arguments"/>; returns its exit code and standard output, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                ExitCleanup.Kill(process);
                throw new TimeoutException($"{Executable} {string.Join(' ', info.ArgumentList)} ran longer than {timeout.TotalSeconds:0} s.");
            }
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs one command against the server on 127.0.0.1:<paramref name="port"/>; null when it cannot be reached or answers an error.</summary>
    public static async Task<string?> QueryAsync(int port, IEnumerable<string> command, TimeSpan timeout)
    {
        var (exitCode, output, _) = await RunAsync(
            ["-h", ThrowawayCluster.Host, "-p", port.ToString(CultureInfo.InvariantCulture), .. command], timeout);
        return exitCode == 0 && !output.StartsWith("ERR", StringComparison.Ordinal) && !output.StartsWith("(error)", StringComparison.Ordinal)
            ? output
            : null;
    }
}
