using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Multiplex.Stress.Storm;

/// <summary>What a storm counted. Every field is updated with interlocked operations by the callers.</summary>
public sealed class StormCounters
{
    public long Operations;
    public long Completed;
    public long Cancelled;
    public long CancelledAfterSend;
    public long TimedOut;
    public long TimedOutAfterSend;
    public long ConnectionErrors;
    public long ServerErrors;
    public long OtherErrors;
    public long Misdelivered;
    public long ForeignCancellations;
    public long Reconnects;
    public long InlineWrites;
    public long Kills;
    public long Pauses;
    public long Sleeps;

    /// <summary>Why connections failed: the cause with digits masked, and one full example of it.</summary>
    public ConcurrentDictionary<string, (long Count, string Example)> ConnectionErrorCauses { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts a connection error by its cause (the text after "Cause:", or the whole message).</summary>
    public void NoteConnectionError(string message)
    {
        var at = message.IndexOf("Cause: ", StringComparison.Ordinal);
        var cause = at < 0 ? message : message[(at + 7)..];
        var masked = string.Concat(cause.Select(c => char.IsAsciiDigit(c) ? '#' : c));
        ConnectionErrorCauses.AddOrUpdate(masked, (1, cause), (_, seen) => (seen.Count + 1, seen.Example));
    }

    /// <summary>Operations that ended one way or another.</summary>
    public long Finished => Interlocked.Read(ref Completed) + Interlocked.Read(ref Cancelled) + Interlocked.Read(ref TimedOut)
        + Interlocked.Read(ref ConnectionErrors) + Interlocked.Read(ref ServerErrors) + Interlocked.Read(ref OtherErrors)
        + Interlocked.Read(ref Misdelivered);

    /// <summary>One progress line.</summary>
    public string ProgressLine(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"[{elapsed:hh\\:mm\\:ss}] ops {Operations:N0} ({Operations / Math.Max(1, elapsed.TotalSeconds):N0}/s) ok {Completed:N0} cancelled {Cancelled:N0} timeout {TimedOut:N0} conn-err {ConnectionErrors:N0} reconnects {Reconnects:N0} kills {Kills:N0} misdelivered {Misdelivered:N0} foreign-cancel {ForeignCancellations:N0}");

    /// <summary>The final table.</summary>
    public string Table(TimeSpan elapsed)
    {
        var rows = new (string Name, long Value)[]
        {
            ("operations", Operations), ("completed", Completed), ("cancelled", Cancelled), ("  after being sent", CancelledAfterSend),
            ("timed out", TimedOut), ("  after being sent", TimedOutAfterSend),
            ("connection errors", ConnectionErrors), ("server errors", ServerErrors), ("other errors", OtherErrors),
            ("reconnects", Reconnects), ("written inline by callers", InlineWrites), ("CLIENT KILLs", Kills), ("CLIENT PAUSEs", Pauses), ("DEBUG SLEEPs", Sleeps),
            ("foreign cancellations", ForeignCancellations), ("misdelivered", Misdelivered),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"duration",-20} {elapsed.TotalSeconds,14:N1} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"throughput",-20} {Operations / Math.Max(1e-9, elapsed.TotalSeconds),14:N0} ops/s");
        foreach (var (name, value) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-20} {value,14:N0}");
        }

        foreach (var (cause, (count, example)) in ConnectionErrorCauses.OrderByDescending(pair => pair.Value.Count))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  connection error cause x{count:N0}: {example}");
        }

        return text.ToString();
    }
}
