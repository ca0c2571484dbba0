using System.Diagnostics;

namespace Multiplex.Testing.Processes;

/// <summary>Runs a short-lived command-line tool (redis-cli, openssl) and returns its standard output.</summary>
internal static class ToolRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? FixtureDirectory.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Directory.CreateDirectory(startInfo.WorkingDirectory);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(output, error);
        }
        catch (OperationCanceledException)
        {
            ProcessRegistry.Kill(process);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList.Select(Redact))} exited with code {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }

    private static string Redact(string argument) =>
        argument.Contains(TestSecrets.Password, StringComparison.Ordinal) ? "***" : argument;
}
