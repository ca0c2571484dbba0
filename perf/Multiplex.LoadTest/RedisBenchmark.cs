using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// Runs redis-benchmark (from redis-tools) on the same server and parses its --csv output. With
/// <see cref="BenchmarkSpec.Cluster"/> the host and port are one node of the cluster, from which
/// redis-benchmark learns the others.
/// </summary>
public sealed class RedisBenchmark(string host, int port, RedisProtocol protocol, ServerProbe probe, TimeSpan maxDuration)
{
    private const string Executable = "redis-benchmark";

    // redis-benchmark's GET reads key:__rand_int__ (literally, without -r), and in cluster mode each
    // client a key with its node's hash tag (key:{tag}:__rand_int__). On a server where that key does not
    // exist it measures nil replies, cheaper than our values: a short SET run with the same value size
    // (and, in a cluster, the same clients, so one per primary) writes them first, before every GET run.
    private const long ClusterPrimingRequestsPerClient = 10;

    /// <summary>Whether redis-benchmark is on the PATH.</summary>
    public static bool IsAvailable() => Executables.IsOnPath(Executable);

    /// <summary>The command line, for the report.</summary>
    public string CommandLine(BenchmarkSpec spec, int valueSize) => $"{Executable} {string.Join(' ', Arguments(spec, valueSize))}";

    /// <summary>Runs one workload; returns its rate and latencies (and the server's view when asked).</summary>
    public async Task<BenchmarkResult> RunAsync(BenchmarkSpec spec, int valueSize, bool measureServer)
    {
        if (spec.Tests.Contains("get", StringComparison.OrdinalIgnoreCase))
        {
            var priming = spec.Cluster
                ? spec with { Tests = "set", Pipeline = 1, Requests = spec.Clients * ClusterPrimingRequestsPerClient }
                : spec with { Tests = "set", Clients = 1, Pipeline = 1, Requests = 1 };
            await RunProcessAsync(priming, valueSize, needsResults: false);
        }

        var before = await probe.SampleAsync(measureServer);
        var childCpu = ChildCpu.Total();
        var results = await RunProcessAsync(spec, valueSize, needsResults: true);
        var after = await probe.SampleAsync(measureServer);
        var cpuPerRequest = (ChildCpu.Total() - childCpu).TotalMicroseconds / spec.Requests;

        // For a list of tests (get,set) the rate of doing them in equal shares is the harmonic mean;
        // latencies are shown for the slowest test.
        return new BenchmarkResult(
            results.Count / results.Values.Sum(result => 1 / result.Rate),
            results.Values.Max(result => result.P50),
            results.Values.Max(result => result.P99),
            ServerUsage.Between(before, after)) { ClientCpuMicrosecondsPerRequest = cpuPerRequest };
    }

    /// <summary>
    /// Runs redis-benchmark once, bounded by twice the run limit; returns its parsed results. A priming run
    /// (<paramref name="needsResults"/> false) only has to succeed: its one request can finish within
    /// redis-benchmark's clock resolution, and then it reports "inf" requests per second, which no number parses.
    /// </summary>
    private async Task<Dictionary<string, BenchmarkResult>> RunProcessAsync(BenchmarkSpec spec, int valueSize, bool needsResults)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(spec, valueSize))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-benchmark");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(maxDuration * 2))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"redis-benchmark ran longer than {maxDuration.TotalSeconds * 2:0} s.");
            }
        }

        var results = ParseCsv(await output);
        if (process.ExitCode != 0 || (needsResults && results.Count == 0))
        {
            throw new InvalidOperationException($"redis-benchmark failed ({process.ExitCode}): {await error}");
        }

        return results;
    }

    /// <summary>
    /// Parses lines such as <c>"GET","123456.79","0.3","0.1","0.2","0.4","0.5","1.2"</c> (test, rps,
    /// avg, min, p50, p95, p99, max in ms) into test → rate and latencies.
    /// </summary>
    public static Dictionary<string, BenchmarkResult> ParseCsv(string csv)
    {
        var results = new Dictionary<string, BenchmarkResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',').Select(field => field.Trim('"')).ToArray();
            if (fields.Length >= 7 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rps))
            {
                results[fields[0].Split(' ')[0]] = new BenchmarkResult(rps, Milliseconds(fields[4]), Milliseconds(fields[6]), null);
            }
        }

        return results;
    }

    private static TimeSpan Milliseconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;

    private IEnumerable<string> Arguments(BenchmarkSpec spec, int valueSize)
    {
        string[] arguments =
        [
            .. spec.Cluster ? ["--cluster"] : Array.Empty<string>(),
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", spec.Tests, "-d", valueSize.ToString(CultureInfo.InvariantCulture),
            "-c", spec.Clients.ToString(CultureInfo.InvariantCulture),
            "-P", spec.Pipeline.ToString(CultureInfo.InvariantCulture),
            "-n", spec.Requests.ToString(CultureInfo.InvariantCulture), "--csv",
        ];
        return protocol == RedisProtocol.Resp3 ? [.. arguments, "-3"] : arguments;
    }
}

/// <summary>One redis-benchmark run: requests per second, its own p50 and p99, and the server's view.</summary>
public sealed record BenchmarkResult(double Rate, TimeSpan P50, TimeSpan P99, ServerUsage? Server)
{
    /// <summary>redis-benchmark's own CPU time per request, in microseconds.</summary>
    public double ClientCpuMicrosecondsPerRequest { get; init; } = double.NaN;
}
