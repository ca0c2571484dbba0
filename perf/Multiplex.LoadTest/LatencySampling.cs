using System.Diagnostics;

namespace Multiplex.LoadTest;

/// <summary>
/// How often a caller times an operation: one in <see cref="Period"/> (every batch), for ours and
/// StackExchange.Redis alike. Timing every operation cost about as much as some of the operations
/// timed: a clock read (about 25 ns here) and a record for each cache hit of about 70 ns, 8-10% of the
/// client process's CPU in the hot-key rows with the cache on (perf), all of it counted as the
/// client's. Which operations are timed does not depend on how long they take, so the percentiles are
/// those of all of them, from fewer samples; the period is odd, so the mixed workload's alternating GET
/// and SET are timed alike.
/// </summary>
public static class LatencySampling
{
    /// <summary>Every this-many-th operation of a caller is timed, its first included.</summary>
    public const int Period = 7;

    /// <summary>
    /// The period of the hot-key rows (cache on and off alike): a cache hit takes about 60 ns of the
    /// client's CPU, and two clock reads every seventh operation were still a tenth of it (perf of the
    /// every-read-a-hit row, 2026-12-05); those rows make millions of operations, so one in 31 leaves
    /// hundreds of thousands of samples.
    /// </summary>
    public const int HotKeyPeriod = 31;

    /// <summary>
    /// The period for <paramref name="workload"/>: <see cref="Period"/>, <see cref="HotKeyPeriod"/> for
    /// the hot-key rows, and every batch is timed (a batch takes a hundred commands' time, so its clock
    /// reads cost nothing that shows, and a run has a hundred times fewer of them to take percentiles from).
    /// </summary>
    public static int PeriodOf(Workload workload) => workload switch
    {
        Workload.Batch => 1,
        Workload.HotKeys => HotKeyPeriod,
        _ => Period,
    };

    /// <summary>
    /// A caller's timing of its operations: <see cref="Start"/> before each, <see cref="Stop"/> after it;
    /// only every period-th is timed, and the deadline is checked then.
    /// </summary>
    public struct OperationTimer(Workload workload)
    {
        private readonly int _period = PeriodOf(workload);
        private int _untilTimed = 1;
        private long _started;
        private bool _timed;

        /// <summary>Before an operation: starts timing it when it is one to time; false when that finds the deadline passed.</summary>
        public bool Start(long deadlineTimestamp)
        {
            _timed = --_untilTimed == 0;
            if (!_timed)
            {
                return true;
            }

            _untilTimed = _period;
            _started = Stopwatch.GetTimestamp();
            return _started <= deadlineTimestamp;
        }

        /// <summary>After the operation: records its latency when it was timed.</summary>
        public readonly void Stop(LatencyRecorder latencies)
        {
            if (_timed)
            {
                latencies.Record(Stopwatch.GetTimestamp() - _started);
            }
        }
    }
}
