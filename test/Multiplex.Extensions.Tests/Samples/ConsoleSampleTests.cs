using System.Diagnostics;
using Multiplex.Extensions.Tests.Support;

namespace Multiplex.Extensions.Tests.Samples;

/// <summary>
/// The console sample, run as <c>./build.sh demo</c> runs it (a separate process), so the walk-through
/// in the README keeps working.
/// </summary>
public sealed class ConsoleSampleTests
{
    private static readonly string[] Steps =
    [
        "== Strings", "== Batch", "== Transaction", "== Optimistic transaction", "== Pub/sub", "== Blocking pop", "Done.",
    ];

    [Test]
    public async Task Against_a_given_server_it_walks_through_every_step_and_exits_0()
    {
        var (exitCode, output) = await RunAsync(await Servers.StandaloneEndpointAsync());

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(Steps.Select(step => output.IndexOf(step, StringComparison.Ordinal)), Is.Ordered.And.All.GreaterThanOrEqualTo(0), output);
        Assert.That(output, Does.Contain("committed=True, alice=70, bob=30")
            .And.Contain("committed on attempt 2")
            .And.Contain("BLPOP woke up with job-42")
            .And.Not.Contain("throwaway"));
    }

    [Test]
    public async Task Without_a_server_it_starts_and_stops_a_throwaway_one()
    {
        var (exitCode, output) = await RunAsync(url: null);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("starting a throwaway redis-server").And.Contain("Stopped the throwaway redis-server.").And.Contain("Done."));
    }

    [Test]
    public async Task An_unreachable_server_fails_with_exit_code_1_and_a_message()
    {
        var (exitCode, output) = await RunAsync($"127.0.0.1:{Servers.ClosedPort()}");

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("The demo failed").And.Contain("127.0.0.1"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string? url)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(SampleAssembly());
        if (url is not null)
        {
            start.ArgumentList.Add(url);
        }

        start.Environment.Remove("REDIS_URL");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The sample's assembly, built in the same configuration as this test assembly.</summary>
    private static string SampleAssembly()
    {
        // …/test/Multiplex.Extensions.Tests/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "samples", "Multiplex.Samples.Console", "bin", configuration, framework, "Multiplex.Samples.Console.dll");
        Assert.That(File.Exists(path), Is.True, $"the console sample is not built at {path}");
        return path;
    }
}
