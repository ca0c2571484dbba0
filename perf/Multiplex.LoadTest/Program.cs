using System.Diagnostics;
using System.Globalization;
using Multiplex.Testing;
using StackExchangeRedis = StackExchange.Redis;

namespace Multiplex.LoadTest;

/// <summary>
/// The load generator: drives a loopback Redis server with many concurrent callers and compares, in the
/// same run, with redis-benchmark and with StackExchange.Redis on the same server; or, with --curves, runs
/// the scaling curves (<see cref="Curves"/>). See <see cref="LoadTestOptions.Usage"/>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(LoadTestOptions.Usage);
            return 0;
        }

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

        // Read once, when the client's first connection is made: set before that.
        AppContext.SetSwitch("Multiplex.DisableInlineWrites", !options.InlineWrites);
        using var telemetry = options.Telemetry ? new TelemetryListeners() : null;
        if (telemetry is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.WriteLine($"telemetry listened to: {telemetry}");
        }

        if (options.LockWake)
        {
            return await WithStandaloneAsync(options, needed: true, standalone => LockWake.RunAsync(options, standalone!.Value));
        }

        if (options.Curves)
        {
            if (Curves.Select(options) is not { Count: > 0 })
            {
                Console.Error.WriteLine($"no curve matches --filter '{options.Filter}': the curves are {string.Join(", ", Curves.Names.Select(name => $"'{name}'"))}.");
                return 2;
            }

            return await WithStandaloneAsync(options, needed: true, standalone => Curves.RunAsync(options, standalone!.Value));
        }

        var specs = Suite.Select(options);
        if (specs.Count == 0)
        {
            var leftOut = options.Cluster ? string.Empty : $" (--no-cluster leaves out '{Suite.ClusterGet}')";
            Console.Error.WriteLine(
                $"no suite entry matches --filter '{options.Filter}'{leftOut}: the entries are {string.Join(", ", Suite.Default(options).Select(spec => $"'{spec.Name}'"))}.");
            return 2;
        }

        if (options.Server is not null && specs.Any(spec => spec.OnCluster))
        {
            Console.Error.WriteLine(
                $"--server names one standalone server: skipping '{Suite.ClusterGet}', which needs the throwaway cluster the load test starts itself (run without --server for it, or pass --no-cluster to skip it quietly).");
            specs = [.. specs.Where(spec => !spec.OnCluster)];
            if (specs.Count == 0)
            {
                return 2;
            }
        }

        return await WithStandaloneAsync(options, needed: specs.Any(spec => !spec.OnCluster), standalone => RunAsync(options, specs, standalone));
    }

    /// <summary>
    /// Runs <paramref name="run"/> with the standalone server's endpoint: the one --server names, or a
    /// throwaway redis-server started here when <paramref name="needed"/> (and stopped afterwards); returns the exit code.
    /// </summary>
    private static async Task<int> WithStandaloneAsync(LoadTestOptions options, bool needed, Func<(string Host, int Port)?, Task> run)
    {
        RedisServer? server = null;
        try
        {
            (string Host, int Port)? standalone = null;
            if (options.Server is { } endpoint)
            {
                standalone = ParseLoopback(endpoint);
            }
            else if (needed)
            {
                Console.Error.WriteLine("starting a throwaway redis-server on loopback…");
                server = await RedisServer.StartAsync();
                standalone = (server.Host, server.Port);
            }

            await run(standalone);
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

    /// <summary>Whether redis-benchmark runs: asked for (no --no-compare) and on the PATH; says so when it is missing.</summary>
    public static bool CompareWithBenchmark(LoadTestOptions options)
    {
        var compare = options.Compare && RedisBenchmark.IsAvailable();
        if (options.Compare && !compare)
        {
            Console.Error.WriteLine("redis-benchmark is not on the PATH: no comparison (install redis-tools).");
        }

        return compare;
    }

    /// <summary>The header's description of StackExchange.Redis on a target, or of why it is not there.</summary>
    public static string DescribeStackExchange(LoadTestOptions options, Target target) => target.StackExchange is { } stackExchange
        ? $"StackExchange.Redis {StackExchangeRunner.Version} (protocol {stackExchange.Protocol}, 1 connection per node)"
        : options.StackExchange ? "no StackExchange.Redis (it could not connect)" : "no StackExchange.Redis (--no-ser)";

    private static async Task RunAsync(LoadTestOptions options, IReadOnlyList<RunSpec> specs, (string Host, int Port)? standaloneEndpoint)
    {
        var started = Stopwatch.GetTimestamp();
        var compare = CompareWithBenchmark(options);

        var repeat = options.Workload is null ? options.Repeat : Math.Min(options.Repeat, 1);
        var shape = string.Create(CultureInfo.InvariantCulture,
            $"value {options.ValueSize} B, {Environment.ProcessorCount} cores, {repeat} repeat(s), median shown");
        await using var standalone = standaloneEndpoint is { } endpoint ? await Target.ConnectAsync(options, [endpoint], compare, options.StackExchange) : null;
        var header = shape;
        if (standalone is not null && standaloneEndpoint is { } server)
        {
            header = string.Create(CultureInfo.InvariantCulture,
                $"server {server.Host}:{server.Port}, protocol {standalone.Client.Protocol}, {options.Connections} connection(s); {DescribeStackExchange(options, standalone)}; {shape}");
        }

        Console.WriteLine(header);

        var outcomes = new List<Outcome>();
        var commandLines = new List<string>();
        void Show(Outcome outcome)
        {
            outcomes.Add(outcome);
            Console.WriteLine(Report.Table([outcome]).Split('\n')[2]);
            if (outcome.StackExchange is { } comparison)
            {
                Console.WriteLine(comparison.Theirs is null
                    ? $"  vs SE.R: {comparison.Note ?? "not run"}"
                    : "  vs SE.R: " + StackExchangeReport.Table([outcome]).Split('\n')[2]);
            }
        }

        Target? cluster = null;
        try
        {
            for (var index = 0; index < specs.Count; index++)
            {
                var spec = specs[index];
                var target = spec.OnCluster
                    ? cluster ??= await StartClusterAsync(options, compare)
                    : standalone ?? throw new InvalidOperationException($"'{spec.Name}' needs a standalone server.");
                if (index + 1 < specs.Count && Suite.CachePairs.Contains((spec.Name, specs[index + 1].Name)))
                {
                    index++;
                    var (cacheOff, cacheOn) = await RunCachePairAsync(spec, specs[index], repeat, target);
                    Show(cacheOff);
                    Show(cacheOn);
                    continue;
                }

                Show(await RunEntryAsync(spec, repeat, target));

                if (target.Benchmark is { } benchmark && spec.Baseline is { } baseline)
                {
                    commandLines.Add(benchmark.CommandLine(baseline, spec.ValueSize));
                }

                // The cluster's servers stop once no later run needs them, so they take nothing from the standalone runs.
                if (cluster is not null && !specs.Skip(index + 1).Any(next => next.OnCluster))
                {
                    await cluster.DisposeAsync();
                    cluster = null;
                }
            }
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }

        Console.WriteLine();
        Console.Write(Report.Table(outcomes));
        if (StackExchangeReport.Table(outcomes) is { Length: > 0 } stackExchangeTable)
        {
            Console.WriteLine();
            Console.WriteLine("vs StackExchange.Redis (SE.R: same callers, keys, values and operation counts; each row the repeat with the median ours/SE.R ratio):");
            Console.Write(stackExchangeTable);
        }

        Console.WriteLine();
        foreach (var outcome in outcomes.Where(outcome => outcome.Spec.MeasureServer))
        {
            Console.Write(Report.Server(outcome));
        }

        if (Report.ClientCache(outcomes) is { Length: > 0 } cacheGain)
        {
            Console.WriteLine();
            Console.Write(cacheGain);
        }

        foreach (var outcome in outcomes.Where(outcome => outcome.Ours?.PubSub is not null))
        {
            Console.Write(Report.PubSub(outcome));
        }

        if (outcomes.Any(outcome => outcome.Spec.OnCluster))
        {
            Console.WriteLine();
            Console.Write(Report.Cluster(outcomes));
        }

        if (options.Workload is null && options.Filter is null)
        {
            Console.WriteLine();
            Console.Write(Report.Goals(outcomes));
        }

        if (commandLines.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("redis-benchmark command lines:");
            foreach (var commandLine in commandLines)
            {
                Console.WriteLine($"  {commandLine}");
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs took {Stopwatch.GetElapsedTime(started).TotalMinutes:0.0} min"));
    }

    /// <summary>Starts the throwaway cluster and connects to it with every node as a seed; the target owns the cluster.</summary>
    private static async Task<Target> StartClusterAsync(LoadTestOptions options, bool compare)
    {
        if (ThrowawayCluster.MissingTools() is { } missing)
        {
            throw new InvalidOperationException(missing + "; or pass --no-cluster");
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"starting a throwaway Redis Cluster on loopback ({ThrowawayCluster.PrimaryCount} primaries, {ThrowawayCluster.PrimaryCount * ThrowawayCluster.ReplicasPerPrimary} replicas)…"));
        var cluster = await ThrowawayCluster.StartAsync();
        Target target;
        try
        {
            target = await Target.ConnectAsync(options, [.. cluster.Nodes.Select(node => (ThrowawayCluster.Host, node.Port))], compare, options.StackExchange, owned: cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        if (target.Client.ServerMode != ServerMode.Cluster || target.Probe.ServerCount != ThrowawayCluster.PrimaryCount)
        {
            await target.DisposeAsync();
            throw new InvalidOperationException(
                $"the client sees the throwaway cluster as {target.Client.ServerMode} with {target.Probe.ServerCount} primaries, not a cluster of {ThrowawayCluster.PrimaryCount}.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster {string.Join(',', cluster.Endpoints)}: {ThrowawayCluster.PrimaryCount} primaries + {ThrowawayCluster.PrimaryCount * ThrowawayCluster.ReplicasPerPrimary} replicas, client mode {target.Client.ServerMode}, protocol {target.Client.Protocol}, {options.Connections} connection(s) per primary; {DescribeStackExchange(options, target)}"));
        return target;
    }

    private static async Task<Outcome> RunEntryAsync(RunSpec spec, int repeat, Target target)
    {
        var benchmark = target.Benchmark;
        var attempts = new List<(Outcome Outcome, StackExchangeComparison? StackExchange)>();
        for (var i = 1; i <= repeat; i++)
        {
            var label = repeat > 1 ? $"{spec.Name} #{i}" : spec.Name;
            var ours = spec.Workload == Workload.PubSub
                ? await target.PubSubRunner.RunAsync(spec, label)
                : await target.Runner.RunAsync(spec, label);
            BenchmarkResult? theirs = null;
            if (benchmark is not null && spec.Baseline is { } baseline)
            {
                Progress.Note($"{label}: redis-benchmark {baseline}…");
                theirs = await benchmark.RunAsync(baseline, spec.ValueSize, spec.MeasureServer);
                Progress.Clear();
            }

            StackExchangeComparison? stackExchange = null;
            if (target.StackExchange is { } runner)
            {
                stackExchange = spec.Workload is Workload.PubSub or Workload.HotKeys
                    ? new StackExchangeComparison(ours, null, []) { Note = spec.Workload == Workload.PubSub ? "not run (pub/sub)" : "not run (hot keys)" }
                    : await RunStackExchangeAsync(runner, spec, label + " SE.R", ours);
            }

            attempts.Add((new Outcome(spec, ours, theirs, []) { Note = spec.Baseline is null ? (spec.Workload == Workload.PubSub ? "none (no pub/sub test)" : "none (no such redis-benchmark test)") : null }, stackExchange));
        }

        // Show the repeat with the median ratio (or median throughput without a comparison) and list all ratios;
        // the same for StackExchange.Redis, whose median repeat may be another one.
        var ordered = attempts.Select(attempt => attempt.Outcome).OrderBy(attempt => attempt.Ratio ?? attempt.Ours!.OperationsPerSecond).ToList();
        var ratios = attempts.Where(attempt => attempt.Outcome.Ratio is not null).Select(attempt => attempt.Outcome.Ratio!.Value).ToList();
        var comparisons = attempts.Select(attempt => attempt.StackExchange).OfType<StackExchangeComparison>().ToList();
        var measured = comparisons.Where(comparison => comparison.Ratio is not null).OrderBy(comparison => comparison.Ratio).ToList();
        var stackExchangeMedian = measured.Count > 0
            ? measured[measured.Count / 2] with { Ratios = [.. comparisons.Where(comparison => comparison.Ratio is not null).Select(comparison => comparison.Ratio!.Value)] }
            : comparisons.LastOrDefault();
        return ordered[ordered.Count / 2] with { Ratios = ratios, StackExchange = stackExchangeMedian };
    }

    /// <summary>
    /// A client cache pair, its repeats alternating (off, on, off, on, …): each ratio compares runs made
    /// one after the other, since this machine's speed can change by a factor of two within minutes.
    /// Each row shows its median repeat; the cache-on row carries every repeat's ratio.
    /// </summary>
    private static async Task<(Outcome Off, Outcome On)> RunCachePairAsync(RunSpec off, RunSpec on, int repeat, Target target)
    {
        var offRuns = new List<RunResult>();
        var onRuns = new List<RunResult>();
        for (var i = 1; i <= repeat; i++)
        {
            offRuns.Add(await target.Runner.RunAsync(off, repeat > 1 ? $"{off.Name} #{i}" : off.Name));
            onRuns.Add(await target.Runner.RunAsync(on, repeat > 1 ? $"{on.Name} #{i}" : on.Name));
        }

        var ratios = offRuns.Zip(onRuns, (offRun, onRun) => offRun.OperationsPerSecond > 0 ? onRun.OperationsPerSecond / offRun.OperationsPerSecond : 0).ToList();
        Outcome Median(RunSpec spec, List<RunResult> runs)
        {
            var median = runs.OrderBy(run => run.OperationsPerSecond).ElementAt(runs.Count / 2);
            return new Outcome(spec, median, null, [])
            {
                Note = "none (no such redis-benchmark test)",
                StackExchange = target.StackExchange is null ? null : new StackExchangeComparison(median, null, []) { Note = "not run (hot keys)" },
            };
        }

        return (Median(off, offRuns), Median(on, onRuns) with { PairRatios = ratios });
    }

    /// <summary>StackExchange.Redis's run of <paramref name="spec"/>; a failure of its client is reported in the table, not thrown.</summary>
    private static async Task<StackExchangeComparison> RunStackExchangeAsync(StackExchangeRunner runner, RunSpec spec, string label, RunResult ours)
    {
        try
        {
            return new StackExchangeComparison(ours, await runner.RunAsync(spec, label), []);
        }
        catch (Exception ex) when (ex is StackExchangeRedis.RedisException or TimeoutException)
        {
            Progress.Clear();
            Console.Error.WriteLine($"{label}: StackExchange.Redis failed: {ex.Message}");
            return new StackExchangeComparison(ours, null, []) { Note = $"failed ({ex.GetType().Name})" };
        }
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
