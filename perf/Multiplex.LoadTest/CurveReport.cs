using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>The scaling curves' tables (see <see cref="Curves"/>). SE.R is StackExchange.Redis; rb is redis-benchmark.</summary>
public static class CurveReport
{
    private const int Kilobyte = 1024;
    private const int Megabyte = 1024 * 1024;

    /// <summary>GET throughput, p99, client CPU and allocation per operation as callers grow.</summary>
    public static string Callers(IReadOnlyList<CurvePoint> points, int valueSize)
    {
        var rows = new List<string[]>
        {
            new[] { "callers", "ours ops/s", "ours p99", "ours CPU µs/op", "ours B/op", "SE.R ops/s", "SE.R p99", "SE.R CPU µs/op", "SE.R B/op", "ours/SE.R" },
        };
        foreach (var point in points)
        {
            rows.Add(
            [
                point.Spec.Callers.ToString("N0", CultureInfo.InvariantCulture),
                .. Figures(point.Ours, run => Report.Number(run.OperationsPerSecond)),
                .. Figures(point.StackExchange, run => Report.Number(run.OperationsPerSecond)),
                Ratio(point.StackExchangeRatio),
            ]);
        }

        return $"GET as callers grow (value {Size(valueSize)}, pipeline 1 per caller):\n" + TextTable.Format(rows);
    }

    /// <summary>GET and SET throughput in MB/s of values by value size, against redis-benchmark with the same clients and no pipelining.</summary>
    public static string ValueSizes(IReadOnlyList<CurvePoint> points)
    {
        var rows = new List<string[]>
        {
            new[] { "test", "value", "ops", "ours MB/s", "ours p99", "ours CPU µs/op", "ours B/op", "rb MB/s", "ours/rb", "SE.R MB/s", "SE.R p99", "SE.R CPU µs/op", "SE.R B/op", "ours/SE.R" },
        };
        var callers = points.Count > 0 ? points[0].Spec.Callers : 0;
        foreach (var point in points)
        {
            string Throughput(RunResult run) => MegabytesPerSecond(run.OperationsPerSecond, point.Spec.ValueSize);
            rows.Add(
            [
                point.Spec.Workload == Workload.GetLease ? "GET (lease)" : point.Spec.Workload.ToString().ToUpperInvariant(),
                Size(point.Spec.ValueSize),
                point.Spec.Operations.ToString("N0", CultureInfo.InvariantCulture),
                .. Figures(point.Ours, Throughput),
                point.Baseline is { } baseline ? MegabytesPerSecond(baseline.Rate, point.Spec.ValueSize) : "-",
                Ratio(point.BaselineRatio),
                .. Figures(point.StackExchange, Throughput),
                Ratio(point.StackExchangeRatio),
            ]);
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"GET and SET by value size ({callers} callers, pipeline 1; redis-benchmark -c {callers} -P 1 -d <size>; MB/s of values, KB = 1024 B, MB = 1024 KB):\n")
            + TextTable.Format(rows, 0)
            + string.Create(CultureInfo.InvariantCulture,
                $"  (ours and SE.R carry the {callers} callers on one connection, so concurrent commands share writes; redis-benchmark's {callers} connections each wait for their reply)\n");
    }

    /// <summary>Our GET x1000 callers by connections per node, with the server's commands per read.</summary>
    public static string Connections(IReadOnlyList<CurvePoint> points)
    {
        var rows = new List<string[]>
        {
            new[] { "connections", "ops/s", "p50", "p99", "B/op", "CPU µs/op", "commands/read", "vs 1 connection" },
        };
        var single = points.FirstOrDefault(point => point.Connections == 1)?.Ours.OperationsPerSecond;
        foreach (var point in points)
        {
            var ours = point.Ours;
            rows.Add(
            [
                point.Connections.ToString(CultureInfo.InvariantCulture),
                Report.Number(ours.OperationsPerSecond),
                Report.Latency(ours.P50),
                Report.Latency(ours.P99),
                ours.AllocatedBytesPerOperation.ToString("0.0", CultureInfo.InvariantCulture),
                ours.ClientCpuMicrosecondsPerOperation.ToString("0.00", CultureInfo.InvariantCulture),
                ours.Server is { } server ? server.CommandsPerRead.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                Ratio(single is > 0 ? ours.OperationsPerSecond / single : null),
            ]);
        }

        var callers = points.Count > 0 ? points[0].Spec.Callers : 0;
        return string.Create(CultureInfo.InvariantCulture, $"Ours, GET x{callers} callers by RedisClientOptions.ConnectionsPerNode:\n") + TextTable.Format(rows);
    }

    /// <summary>One line per finished point, on standard error while the curves run.</summary>
    public static string PointLine(CurvePoint point) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {point.Spec.Name}: ours {Report.Number(point.Ours.OperationsPerSecond)} ops/s{(point.StackExchange is { } theirs ? $", SE.R {Report.Number(theirs.OperationsPerSecond)} ops/s" : "")}{(point.Baseline is { } baseline ? $", redis-benchmark {Report.Number(baseline.Rate)} ops/s" : "")}");

    /// <summary>A value size as the curves name it: 16 B, 1 KB, 100 KB, 1 MB.</summary>
    public static string Size(int bytes) => bytes switch
    {
        >= Megabyte when bytes % Megabyte == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Megabyte} MB"),
        >= Kilobyte when bytes % Kilobyte == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Kilobyte} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    // Throughput (as the caller formats it), p99, CPU and allocation per operation; dashes for a client that did not run.
    private static string[] Figures(RunResult? run, Func<RunResult, string> throughput) => run is null
        ? ["-", "-", "-", "-"]
        :
        [
            throughput(run),
            Report.Latency(run.P99),
            run.ClientCpuMicrosecondsPerOperation.ToString("0.00", CultureInfo.InvariantCulture),
            run.AllocatedBytesPerOperation.ToString("0.0", CultureInfo.InvariantCulture),
        ];

    private static string MegabytesPerSecond(double operationsPerSecond, int valueSize) =>
        (operationsPerSecond * valueSize / Megabyte).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(double? ratio) => ratio is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
