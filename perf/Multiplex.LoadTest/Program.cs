using System.Globalization;
using Multiplex.Testing;

namespace Multiplex.LoadTest;

/// <summary>
/// The load generator: drives a loopback Redis server with many concurrent callers and compares
/// with redis-benchmark on the same server (see <see cref="LoadTestOptions.Usage"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadTestOptions options;
        try
        {
            options = LoadTestOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(LoadTestOptions.Usage);
            return 2;
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(LoadTestOptions.Usage);
            return 0;
        }

        RedisServer? server = null;
        try
        {
            string host;
            int port;
            if (options.Server is { } endpoint)
            {
                (host, port) = ParseLoopback(endpoint);
            }
            else
            {
                Console.Error.WriteLine("starting a throwaway redis-server on loopback…");
                server = await RedisServer.StartAsync();
                (host, port) = (server.Host, server.Port);
            }

            await RunAsync(options, host, port);
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or RedisException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"load test failed: {ex.Message}");
            return 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task RunAsync(LoadTestOptions options, string host, int port)
    {
        var clientOptions = RedisClientOptions.Parse($"{host}:{port}") with
        {
            ConnectionsPerNode = options.Connections,
            Protocol = options.Protocol,
        };
        await using var client = await RedisClient.ConnectAsync(clientOptions);
        var probe = await ServerProbe.CreateAsync(client);
        var maxDuration = TimeSpan.FromSeconds(options.MaxSeconds);
        var runner = new LoadRunner(client, probe, TimeSpan.FromSeconds(options.WarmupSeconds), maxDuration);
        var pubSubRunner = new PubSubRunner(client, clientOptions, probe, TimeSpan.FromSeconds(options.WarmupSeconds), maxDuration);
        var benchmark = options.Compare && RedisBenchmark.IsAvailable()
            ? new RedisBenchmark(host, port, client.Protocol, probe, maxDuration)
            : null;
        if (options.Compare && benchmark is null)
        {
            Console.Error.WriteLine("redis-benchmark is not on the PATH: no comparison (install redis-tools).");
        }

        var specs = options.Workload is null ? Suite.Default(options) : [Suite.Single(options)];
        var repeat = options.Workload is null ? options.Repeat : Math.Min(options.Repeat, 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server {host}:{port}, protocol {client.Protocol}, {options.Connections} connection(s), value {options.ValueSize} B, {Environment.ProcessorCount} cores, {repeat} repeat(s), median shown"));
        var outcomes = new List<Outcome>();
        foreach (var spec in specs)
        {
            var outcome = await RunEntryAsync(spec, repeat, runner, pubSubRunner, benchmark);
            outcomes.Add(outcome);
            Console.WriteLine(Report.Table([outcome]).Split('\n')[2]);
        }

        Console.WriteLine();
        Console.Write(Report.Table(outcomes));
        Console.WriteLine();
        foreach (var outcome in outcomes.Where(outcome => outcome.Spec.MeasureServer))
        {
            Console.Write(Report.Server(outcome));
        }

        foreach (var outcome in outcomes.Where(outcome => outcome.Ours?.PubSub is not null))
        {
            Console.Write(Report.PubSub(outcome));
        }

        if (options.Workload is null)
        {
            Console.WriteLine();
            Console.Write(Report.Goals(outcomes));
        }

        if (benchmark is not null && specs.Any(spec => spec.Baseline is not null))
        {
            Console.WriteLine();
            Console.WriteLine("redis-benchmark command lines:");
            foreach (var spec in specs.Where(spec => spec.Baseline is not null))
            {
                Console.WriteLine($"  {benchmark.CommandLine(spec.Baseline!, spec.ValueSize)}");
            }
        }
    }

    private static async Task<Outcome> RunEntryAsync(RunSpec spec, int repeat, LoadRunner runner, PubSubRunner pubSubRunner, RedisBenchmark? benchmark)
    {
        var attempts = new List<Outcome>();
        for (var i = 1; i <= repeat; i++)
        {
            var label = repeat > 1 ? $"{spec.Name} #{i}" : spec.Name;
            var ours = spec.Workload == Workload.PubSub
                ? await pubSubRunner.RunAsync(spec, label)
                : await runner.RunAsync(spec, label);
            BenchmarkResult? theirs = null;
            if (benchmark is not null && spec.Baseline is { } baseline)
            {
                Progress.Note($"{label}: redis-benchmark {baseline}…");
                theirs = await benchmark.RunAsync(baseline, spec.ValueSize, spec.MeasureServer);
                Progress.Clear();
            }

            attempts.Add(new Outcome(spec, ours, theirs, []) { Note = spec.Baseline is null ? "none (no pub/sub test)" : null });
        }

        // Show the repeat with the median ratio (or median throughput without a comparison) and list all ratios.
        var ordered = attempts.OrderBy(attempt => attempt.Ratio ?? attempt.Ours!.OperationsPerSecond).ToList();
        var ratios = attempts.Where(attempt => attempt.Ratio is not null).Select(attempt => attempt.Ratio!.Value).ToList();
        return ordered[ordered.Count / 2] with { Ratios = ratios };
    }

    private static (string Host, int Port) ParseLoopback(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = colon > 0 ? endpoint[..colon] : endpoint;
        var port = colon > 0 ? int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture) : 6379;
        if (host is not ("127.0.0.1" or "localhost" or "::1" or "[::1]"))
        {
            throw new ArgumentException($"--server must be on loopback (127.0.0.1, localhost or ::1), not {host}.");
        }

        return (host, port);
    }
}
