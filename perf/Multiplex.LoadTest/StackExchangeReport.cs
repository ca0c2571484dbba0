using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// The second table: each suite entry, ours against StackExchange.Redis (SE.R) with the same callers,
/// keys, values and operation counts, from the repeat with the median ours / SE.R ratio.
/// </summary>
public static class StackExchangeReport
{
    /// <summary>The table, then a line naming the entries without a StackExchange.Redis figure and why; empty when StackExchange.Redis did not run.</summary>
    public static string Table(IReadOnlyList<Outcome> outcomes)
    {
        string[] header =
        [
            "run", "ours ops/s", "SE.R ops/s", "ours/SE.R", "ratios seen", "ours p50", "SE.R p50", "ours p99", "SE.R p99",
            "ours B/op", "SE.R B/op", "ours CPU µs/op", "SE.R CPU µs/op",
        ];
        var rows = new List<string[]> { header };
        var notCompared = new List<string>();
        foreach (var outcome in outcomes)
        {
            if (outcome.StackExchange is not { } comparison)
            {
                continue;
            }

            var ours = comparison.Ours;
            if (comparison.Theirs is not { } theirs)
            {
                notCompared.Add($"'{outcome.Spec.Name}' {comparison.Note ?? "not run"}");
                continue;
            }

            rows.Add(
            [
                outcome.Spec.Name,
                Report.Number(ours.OperationsPerSecond),
                Report.Number(theirs.OperationsPerSecond),
                comparison.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                string.Join(' ', comparison.Ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture))),
                Report.Latency(ours.P50),
                Report.Latency(theirs.P50),
                Report.Latency(ours.P99),
                Report.Latency(theirs.P99),
                ours.AllocatedBytesPerOperation.ToString("0.0", CultureInfo.InvariantCulture),
                theirs.AllocatedBytesPerOperation.ToString("0.0", CultureInfo.InvariantCulture),
                ours.ClientCpuMicrosecondsPerOperation.ToString("0.00", CultureInfo.InvariantCulture),
                theirs.ClientCpuMicrosecondsPerOperation.ToString("0.00", CultureInfo.InvariantCulture),
            ]);
        }

        var table = rows.Count == 1 ? string.Empty : TextTable.Format(rows, 0);
        return notCompared.Count == 0 ? table : table + $"  no StackExchange.Redis figure: {string.Join("; ", notCompared)}\n";
    }
}
