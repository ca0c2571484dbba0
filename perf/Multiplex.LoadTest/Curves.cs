using System.Diagnostics;
using System.Globalization;
using StackExchangeRedis = StackExchange.Redis;

namespace Multiplex.LoadTest;

/// <summary>
/// The scaling curves (--curves), on the standalone server: GET as callers grow, ours and
/// StackExchange.Redis; GET and SET by value size at a moderate concurrency, against redis-benchmark
/// with the same clients and no pipelining too; GET x1000 callers by our connections per node.
/// Each point runs --repeat times and shows each client's median; every run is bounded by its
/// operation count and by --max-seconds.
/// </summary>
public static class Curves
{
    public const string CallersCurve = "callers";
    public const string ValueSizesCurve = "value sizes";
    public const string ConnectionsCurve = "connections";

    // The operation count that --ops stands for: every point's count scales by --ops / this.
    private const long ReferenceOperations = 500_000;

    // Callers curve: one caller does a round trip at a time, ten a few at once; each count sized for a
    // couple of seconds on a 2-core machine.
    private const long SingleCallerOperations = 50_000;
    private const long TenCallersOperations = 200_000;

    // Value-size curve: redis-benchmark's default client count, pipeline 1 on every side. About 2 GB
    // moves per point, at most 200,000 operations (the small values' count).
    private const int ValueSizeCallers = 50;
    private const long ValueSizeBytesPerPoint = 2L * 1024 * 1024 * 1024;
    private const long ValueSizeMaxOperations = 200_000;

    // Connections curve: the suite's concurrent shape.
    private const int ConnectionCurveCallers = 1000;

    private static readonly int[] CallerCounts = [1, 10, 100, 1000, 10_000];
    private static readonly int[] ValueSizes = [16, 1024, 100 * 1024, 1024 * 1024];
    private static readonly int[] ConnectionCounts = [1, 2, 4];
    private static readonly Workload[] ValueSizeWorkloads = [Workload.Get, Workload.GetLease, Workload.Set];

    // Sizes with a GET-into-a-lease point: where a value's own array is on the large object heap.
    private const int LeaseFromSize = 100 * 1024;

    public static IReadOnlyList<string> Names { get; } = [CallersCurve, ValueSizesCurve, ConnectionsCurve];

    /// <summary>The curves --filter picks (all without it).</summary>
    public static IReadOnlyList<string> Select(LoadTestOptions options) =>
        [.. Names.Where(name => options.Filter is null || name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase))];

    public static async Task RunAsync(LoadTestOptions options, (string Host, int Port) endpoint)
    {
        var started = Stopwatch.GetTimestamp();
        var curves = Select(options);
        var compare = Program.CompareWithBenchmark(options);
        await using (var target = await Target.ConnectAsync(options, [endpoint], compare, options.StackExchange))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server {endpoint.Host}:{endpoint.Port}, protocol {target.Client.Protocol}, {options.Connections} connection(s); {Program.DescribeStackExchange(options, target)}; {Environment.ProcessorCount} cores, {options.Repeat} repeat(s), each client's median shown"));
            if (curves.Contains(CallersCurve))
            {
                var points = new List<CurvePoint>();
                foreach (var callers in CallerCounts)
                {
                    var operations = callers switch { 1 => SingleCallerOperations, 10 => TenCallersOperations, _ => ReferenceOperations };
                    var spec = new RunSpec($"GET, {callers} callers", Workload.Get, callers, Scaled(options, operations), 1, options.ValueSize);
                    points.Add(await RunPointAsync(target, spec, options.Repeat));
                }

                Console.WriteLine();
                Console.Write(CurveReport.Callers(points, options.ValueSize));
            }

            if (curves.Contains(ValueSizesCurve))
            {
                var points = new List<CurvePoint>();
                foreach (var size in ValueSizes)
                {
                    foreach (var workload in ValueSizeWorkloads.Where(workload => workload != Workload.GetLease || size >= LeaseFromSize))
                    {
                        var operations = Scaled(options, Math.Min(ValueSizeMaxOperations, ValueSizeBytesPerPoint / size));
                        var test = workload == Workload.Set ? "set" : "get";
                        var name = workload == Workload.GetLease ? "GET (lease)" : test.ToUpperInvariant();
                        var spec = new RunSpec($"{name}, {CurveReport.Size(size)}, {ValueSizeCallers} callers", workload, ValueSizeCallers, operations, 1, size)
                        {
                            Baseline = new BenchmarkSpec(test, ValueSizeCallers, 1, operations),
                        };
                        points.Add(await RunPointAsync(target, spec, options.Repeat));
                    }
                }

                Console.WriteLine();
                Console.Write(CurveReport.ValueSizes(points));
            }
        }

        if (curves.Contains(ConnectionsCurve))
        {
            var points = new List<CurvePoint>();
            foreach (var connections in ConnectionCounts)
            {
                // A client of its own per setting, ours only: StackExchange.Redis has one interactive connection per node.
                await using var target = await Target.ConnectAsync(options with { Connections = connections }, [endpoint], compare: false, stackExchange: false);
                var spec = new RunSpec($"GET, {ConnectionCurveCallers} callers, {connections} connection(s)", Workload.Get, ConnectionCurveCallers, Scaled(options, ReferenceOperations), 1, options.ValueSize)
                {
                    MeasureServer = true,
                };
                points.Add(await RunPointAsync(target, spec, options.Repeat) with { Connections = connections });
            }

            Console.WriteLine();
            Console.Write(CurveReport.Connections(points));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"curves took {Stopwatch.GetElapsedTime(started).TotalMinutes:0.0} min"));
    }

    /// <summary>Runs one point --repeat times with every client the target has; keeps each client's median run.</summary>
    private static async Task<CurvePoint> RunPointAsync(Target target, RunSpec spec, int repeat)
    {
        var ours = new List<RunResult>();
        var stackExchange = new List<RunResult>();
        var baseline = new List<BenchmarkResult>();
        for (var i = 1; i <= repeat; i++)
        {
            var label = repeat > 1 ? $"{spec.Name} #{i}" : spec.Name;
            ours.Add(await target.Runner.RunAsync(spec, label));
            if (target.StackExchange is { } runner)
            {
                try
                {
                    stackExchange.Add(await runner.RunAsync(spec, label + " SE.R"));
                }
                catch (Exception ex) when (ex is StackExchangeRedis.RedisException or TimeoutException)
                {
                    Progress.Clear();
                    Console.Error.WriteLine($"{label}: StackExchange.Redis failed: {ex.Message}");
                }
            }

            if (target.Benchmark is { } benchmark && spec.Baseline is { } benchmarkSpec)
            {
                Progress.Note($"{label}: redis-benchmark {benchmarkSpec} -d {spec.ValueSize}…");
                baseline.Add(await benchmark.RunAsync(benchmarkSpec, spec.ValueSize, measureServer: false));
                Progress.Clear();
            }
        }

        var point = new CurvePoint(
            spec,
            Median(ours, run => run.OperationsPerSecond)!,
            Median(stackExchange, run => run.OperationsPerSecond),
            Median(baseline, run => run.Rate));
        Console.Error.WriteLine(CurveReport.PointLine(point));
        return point;
    }

    private static T? Median<T>(List<T> runs, Func<T, double> throughput)
        where T : class =>
        runs.Count == 0 ? null : runs.OrderBy(throughput).ElementAt(runs.Count / 2);

    private static long Scaled(LoadTestOptions options, long operations) =>
        options.Operations is { } ops ? Math.Max(1, operations * ops / ReferenceOperations) : operations;
}
