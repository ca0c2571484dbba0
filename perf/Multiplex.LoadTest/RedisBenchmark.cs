using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>Runs redis-benchmark (from redis-tools) on the same server and parses its --csv output.</summary>
public sealed class RedisBenchmark(string host, int port, RedisProtocol protocol, ServerProbe probe, TimeSpan maxDuration)
{
    private const string Executable = "redis-benchmark";

    /// <summary>Whether redis-benchmark is on the PATH.</summary>
    public static bool IsAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, Executable)));

    /// <summary>The command line, for the report.</summary>
    public string CommandLine(BenchmarkSpec spec, int valueSize) => $"{Executable} {string.Join(' ', Arguments(spec, valueSize))}";

    /// <summary>Runs one workload; returns requests per second (and the server's view when asked).</summary>
    public async Task<(double RequestsPerSecond, ServerUsage? Server)> RunAsync(BenchmarkSpec spec, int valueSize, bool measureServer)
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

        var before = await probe.SampleAsync(measureServer);
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

        var after = await probe.SampleAsync(measureServer);
        var rates = ParseCsv(await output);
        if (process.ExitCode != 0 || rates.Count == 0)
        {
            throw new InvalidOperationException($"redis-benchmark failed ({process.ExitCode}): {await error}");
        }

        // For a list of tests (get,set) the rate of doing them in equal shares is the harmonic mean.
        return (rates.Count / rates.Values.Sum(rate => 1 / rate), ServerUsage.Between(before, after));
    }

    /// <summary>Parses lines such as <c>"GET","123456.79","0.3",…</c> into test → requests per second.</summary>
    public static Dictionary<string, double> ParseCsv(string csv)
    {
        var rates = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',').Select(field => field.Trim('"')).ToArray();
            if (fields.Length >= 2 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rps))
            {
                rates[fields[0].Split(' ')[0]] = rps;
            }
        }

        return rates;
    }

    private IEnumerable<string> Arguments(BenchmarkSpec spec, int valueSize)
    {
        string[] arguments =
        [
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", spec.Tests, "-d", valueSize.ToString(CultureInfo.InvariantCulture),
            "-c", spec.Clients.ToString(CultureInfo.InvariantCulture),
            "-P", spec.Pipeline.ToString(CultureInfo.InvariantCulture),
            "-n", spec.Requests.ToString(CultureInfo.InvariantCulture), "--csv",
        ];
        return protocol == RedisProtocol.Resp3 ? [.. arguments, "-3"] : arguments;
    }
}
