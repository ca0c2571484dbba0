using System.Globalization;
using System.Text;

namespace Multiplex.LoadTest;

/// <summary>The final table, the server-side efficiency figures and the goals of the performance issue.</summary>
public static class Report
{
    public static string Table(IReadOnlyList<Outcome> outcomes)
    {
        string[] header = ["run", "ops/s", "p50", "p99", "p99.9", "B/op", "gen0/1/2", "CPU µs/op", "redis-benchmark", "rb ops/s", "rb p50", "rb p99", "rb CPU µs/op", "ratio", "ratios seen"];
        var rows = new List<string[]> { header };
        foreach (var outcome in outcomes)
        {
            var ours = outcome.Ours;
            if (ours is null)
            {
                rows.Add([outcome.Spec.Name, "-", "", "", "", "", "", "", outcome.Note ?? "-", "", "", "", "", "", ""]);
                continue;
            }

            if (outcome.Spec.Baseline is null)
            {
                // Nothing to compare with: the redis-benchmark columns stay empty.
                rows.Add(
                [
                    .. OurCells(outcome.Spec.Name, ours),
                    outcome.Note ?? "-",
                    "", "", "", "", "", "",
                ]);
                continue;
            }

            rows.Add(
            [
                .. OurCells(outcome.Spec.Name, ours),
                outcome.Spec.Baseline?.ToString() ?? "-",
                outcome.BaselineRate is { } rate ? Number(rate) : "-",
                outcome.Baseline is { } theirs ? Latency(theirs.P50) : "-",
                outcome.Baseline is { } slowest ? Latency(slowest.P99) : "-",
                outcome.Baseline is { } cpu ? cpu.ClientCpuMicrosecondsPerRequest.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                outcome.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                string.Join(' ', outcome.Ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture))),
            ]);
        }

        return TextTable.Format(rows, 0, 8);
    }

    public static string Server(Outcome outcome)
    {
        var text = new StringBuilder();
        var ours = outcome.Ours?.Server;
        var theirs = outcome.BaselineServer;
        var source = outcome.Spec.OnCluster
            ? string.Create(CultureInfo.InvariantCulture, $"INFO stats and /proc/<redis pid>/stat, summed over the {ThrowawayCluster.PrimaryCount} primaries")
            : "INFO stats, /proc/<redis pid>/stat";
        text.AppendLine(CultureInfo.InvariantCulture, $"Server view of '{outcome.Spec.Name}' ({source}):");
        if (ours is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ours:            {ours.CommandsPerRead,8:0.0} commands per read, {ours.CpuMicrosecondsPerCommand,6:0.000} µs server CPU per command");
        }

        if (theirs is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  redis-benchmark: {theirs.CommandsPerRead,8:0.0} commands per read, {theirs.CpuMicrosecondsPerCommand,6:0.000} µs server CPU per command ({outcome.Spec.Baseline})");
        }

        if (outcome.StackExchange?.Theirs?.Server is { } stackExchange)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  SE.R:            {stackExchange.CommandsPerRead,8:0.0} commands per read, {stackExchange.CpuMicrosecondsPerCommand,6:0.000} µs server CPU per command (StackExchange.Redis, same callers)");
        }

        if (ours is not null && theirs is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  server CPU per command, ours / redis-benchmark: {ours.CpuMicrosecondsPerCommand / theirs.CpuMicrosecondsPerCommand:0.00}");
        }

        return text.ToString();
    }

    /// <summary>A pub/sub run's figures: its table row counts deliveries; this adds what was published and dropped.</summary>
    public static string PubSub(Outcome outcome)
    {
        var ours = outcome.Ours!;
        var pubSub = ours.PubSub!;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Pub/sub '{outcome.Spec.Name}' ({pubSub.Publishers} publishers, {pubSub.Subscribers} subscribers on a second client, one channel, {pubSub.PayloadSize} B messages):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  published {Number(pubSub.Published)} messages, {Number(pubSub.PublishedPerSecond)} messages/s; {Number(ours.Operations)} deliveries, {Number(ours.OperationsPerSecond)} deliveries/s; dropped {Number(pubSub.Dropped)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  publish-to-read latency p50 {Latency(ours.P50)}, p99 {Latency(ours.P99)}, p99.9 {Latency(ours.P999)}; {ours.AllocatedBytesPerOperation:0.0} B allocated per delivery");
        return text.ToString();
    }

    /// <summary>The cluster run beside the standalone one: client CPU per operation, ours and redis-benchmark's, on each.</summary>
    public static string Cluster(IReadOnlyList<Outcome> outcomes)
    {
        var cluster = outcomes.FirstOrDefault(outcome => outcome.Spec.OnCluster);
        var standalone = outcomes.FirstOrDefault(outcome => outcome.Spec.Name == Suite.ConcurrentGet);
        if (cluster is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Cluster '{cluster.Spec.Name}' ({ThrowawayCluster.PrimaryCount} primaries + {ThrowawayCluster.PrimaryCount * ThrowawayCluster.ReplicasPerPrimary} replicas on loopback, {cluster.Spec.Keys} keys, caller i on key i mod {cluster.Spec.Keys}), client CPU per operation:");
        string Cpu(double? microseconds) => microseconds is { } value && !double.IsNaN(value)
            ? value.ToString("0.00", CultureInfo.InvariantCulture) + " µs"
            : "n/a";
        string Versus(double? ours, double? theirs) => ours is { } a && theirs is { } b && b > 0 && !double.IsNaN(a) && !double.IsNaN(b)
            ? (a / b).ToString("0.00", CultureInfo.InvariantCulture)
            : "n/a";
        var ours = cluster.Ours?.ClientCpuMicrosecondsPerOperation;
        var oursStandalone = standalone?.Ours?.ClientCpuMicrosecondsPerOperation;
        var theirs = cluster.Baseline?.ClientCpuMicrosecondsPerRequest;
        var theirsStandalone = standalone?.Baseline?.ClientCpuMicrosecondsPerRequest;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  ours:            cluster {Cpu(ours)}, standalone {(standalone is null ? "not run" : Cpu(oursStandalone))}; cluster / standalone {Versus(ours, oursStandalone)}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  redis-benchmark: cluster {Cpu(theirs)}, standalone {(standalone is null ? "not run" : Cpu(theirsStandalone))}; cluster / standalone {Versus(theirs, theirsStandalone)}");
        if (cluster.StackExchange?.Theirs is { } stackExchange)
        {
            var stackExchangeStandalone = standalone?.StackExchange?.Theirs?.ClientCpuMicrosecondsPerOperation;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  SE.R:            cluster {Cpu(stackExchange.ClientCpuMicrosecondsPerOperation)}, standalone {(stackExchangeStandalone is null ? "not run" : Cpu(stackExchangeStandalone))}; cluster / standalone {Versus(stackExchange.ClientCpuMicrosecondsPerOperation, stackExchangeStandalone)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"  on the cluster, ours / redis-benchmark: {Versus(ours, theirs)}");
        return text.ToString();
    }

    /// <summary>
    /// The client-side cache's gain: each hot-key pair's cache-on throughput over its cache-off one (goal:
    /// at least 5x). With repeats, the median of the repeats' ratios (each repeat's on run was made right
    /// after its off run) and every ratio; otherwise the two runs' ratio. Empty when no pair ran.
    /// </summary>
    public static string ClientCache(IReadOnlyList<Outcome> outcomes)
    {
        var text = new StringBuilder();
        foreach (var (off, on) in Suite.CachePairs)
        {
            var cacheOff = outcomes.FirstOrDefault(outcome => outcome.Spec.Name == off)?.Ours;
            var cacheOnOutcome = outcomes.FirstOrDefault(outcome => outcome.Spec.Name == on);
            if (cacheOff is null || cacheOnOutcome?.Ours is not { } cacheOn || cacheOff.OperationsPerSecond <= 0)
            {
                continue;
            }

            var ratios = cacheOnOutcome.PairRatios;
            var ratio = ratios.Count > 0 ? ratios.Order().ElementAt(ratios.Count / 2) : cacheOn.OperationsPerSecond / cacheOff.OperationsPerSecond;
            var seen = ratios.Count > 1 ? $" (repeats {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))})" : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {on[..on.LastIndexOf(',')]}: cache on / off {ratio:0.00}x{seen}; median runs {Number(cacheOn.OperationsPerSecond)} / {Number(cacheOff.OperationsPerSecond)} ops/s{(off == Suite.NoHotKeysCacheOff || ratio >= 5 ? "" : "  below the 5x goal")}");
        }

        return text.Length == 0 ? "" : "Client-side cache, hot keys:\n" + text;
    }

    /// <summary>The goals of the performance issue, each with the measured figure and met / not met.</summary>
    public static string Goals(IReadOnlyList<Outcome> outcomes)
    {
        var concurrent = outcomes.FirstOrDefault(outcome => outcome.Spec.Name == Suite.ConcurrentGet);
        var sequential = outcomes.FirstOrDefault(outcome => outcome.Spec.Name == Suite.SequentialGet);
        var batch = outcomes.FirstOrDefault(outcome => outcome.Spec.Name == Suite.BatchGet);
        var text = new StringBuilder("Goals:\n");
        void Goal(string name, double? measured, Func<double, bool> met, string format, string context = "")
        {
            var figure = measured is { } value && !double.IsNaN(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
            var verdict = measured is { } v && !double.IsNaN(v) ? (met(v) ? "met" : "NOT met") : "not measured";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-62} {figure,10}  {verdict,-12} {context}");
        }

        var ours = concurrent?.Ours;
        Goal("(1) GET x1000 callers / redis-benchmark -c 50 -P 16 >= 0.85", concurrent?.Ratio, r => r >= 0.85, "0.00");
        Goal("(2) GET x1000 callers bytes allocated per op <= 64", ours?.AllocatedBytesPerOperation, b => b <= 64, "0.0");
        Goal("(3) GET x1 caller / redis-benchmark -c 1 -P 1 >= 0.9", sequential?.Ratio, r => r >= 0.9, "0.00", CpuContext(sequential));
        Goal("(4) batch of 100 / redis-benchmark -c 1 -P 100 >= 0.9", batch?.Ratio, r => r >= 0.9, "0.00", CpuContext(batch));
        Goal(
            "(5) GET x1000 callers p99 / p50 <= 3",
            ours is null ? null : ours.P99 / ours.P50,
            r => r <= 3,
            "0.00",
            concurrent?.Baseline is { } theirs && theirs.P50 > TimeSpan.Zero
                ? string.Create(CultureInfo.InvariantCulture, $"(redis-benchmark's own p99 / p50 in the same run: {theirs.P99 / theirs.P50:0.00})")
                : "");
        Goal("(6a) GET x1000 callers commands per server read >= 12", ours?.Server?.CommandsPerRead, r => r >= 12, "0.0");
        Goal(
            "(6b) server CPU per command / redis-benchmark -P 16's <= 1.15",
            ours?.Server is { } server && concurrent?.BaselineServer is { } baseline
                ? server.CpuMicrosecondsPerCommand / baseline.CpuMicrosecondsPerCommand
                : null,
            r => r <= 1.15,
            "0.00");
        return text.ToString();
    }

    // Client CPU per operation against redis-benchmark's: the cost that decides the unpipelined and
    // batch cases on a machine where the client and the server share the cores.
    private static string CpuContext(Outcome? outcome) =>
        outcome?.Ours is { } ours && outcome.Baseline is { } theirs
            ? string.Create(CultureInfo.InvariantCulture, $"(client CPU per op: ours {ours.ClientCpuMicrosecondsPerOperation:0.00} µs, redis-benchmark {theirs.ClientCpuMicrosecondsPerRequest:0.00} µs)")
            : "";

    /// <summary>The columns that describe our own run: name, throughput, latencies, allocations, collections, CPU.</summary>
    private static string[] OurCells(string name, RunResult ours) =>
    [
        name,
        Number(ours.OperationsPerSecond),
        Latency(ours.P50),
        Latency(ours.P99),
        Latency(ours.P999),
        ours.AllocatedBytesPerOperation.ToString("0.0", CultureInfo.InvariantCulture),
        $"{ours.Gen0}/{ours.Gen1}/{ours.Gen2}",
        ours.ClientCpuMicrosecondsPerOperation.ToString("0.00", CultureInfo.InvariantCulture),
    ];

    internal static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Latency(TimeSpan value) => value.TotalMilliseconds >= 1
        ? value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : (value.TotalMilliseconds * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs";
}
