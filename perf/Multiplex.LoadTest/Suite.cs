namespace Multiplex.LoadTest;

/// <summary>The runs of the default suite, and the single run built from command-line options.</summary>
public static class Suite
{
    // redis-benchmark's shapes the issue compares with: many clients with pipelining for the
    // concurrent case, one unpipelined client for the sequential case, one client with deep
    // pipelining for the batch case.
    private const int ConcurrentBaselineClients = 50;
    private const int ConcurrentBaselinePipeline = 16;

    // Operation counts sized for a few seconds each on a small machine.
    private const long ConcurrentOperations = 1_000_000;
    private const long SequentialOperations = 100_000;
    private const long BatchOperations = 1_000_000;

    // Messages published; each is delivered to every subscriber (100 by default: 2,000,000 deliveries).
    private const long PubSubMessages = 20_000;

    // redis-benchmark runs about as long as ours at these counts (and in the same proportion to --ops
    // when it is given).
    private const long ConcurrentBaselineRequests = 2_000_000;
    private const long SequentialBaselineRequests = 100_000;
    private const long BatchBaselineRequests = 2_000_000;

    // Keys of the cluster run: one per caller at the default 1000 callers, spread over every primary's slots.
    private const int ClusterKeys = 1000;

    public const string ConcurrentGet = "GET, 1000 callers";
    public const string ClusterGet = "GET, 1000 callers, 3-primary cluster";
    public const string SequentialGet = "GET, 1 caller";
    public const string BatchGet = "GET batch of 100, 1 caller";
    public const string HotKeysCacheOff = "GET 90% hot keys, 1000 callers, client cache off";
    public const string HotKeysCacheOn = "GET 90% hot keys, 1000 callers, client cache on";
    public const string HotKeysFewCacheOff = "GET 90% hot keys, 50 callers, client cache off";
    public const string HotKeysFewCacheOn = "GET 90% hot keys, 50 callers, client cache on";
    public const string NoHotKeysCacheOff = "GET 0% hot keys (every read a miss), 1000 callers, client cache off";
    public const string NoHotKeysCacheOn = "GET 0% hot keys (every read a miss), 1000 callers, client cache on";

    /// <summary>
    /// The client cache's off / on pairs. The suite runs each pair's repeats alternately (off, on, off,
    /// on, …) so that every ratio compares two runs made one after the other.
    /// </summary>
    public static IReadOnlyList<(string Off, string On)> CachePairs { get; } =
        [(HotKeysCacheOff, HotKeysCacheOn), (HotKeysFewCacheOff, HotKeysFewCacheOn), (NoHotKeysCacheOff, NoHotKeysCacheOn)];

    // The hot-key rows run longer: with the cache on, a million reads take well under a second, too
    // short to leave start-up behind.
    private const long HotKeyOperations = 3_000_000;

    // The 1000-caller row with the cache on runs five times as many, about as long as its cache-off
    // pair (two seconds): at 8 M reads a second, 3 M took 0.4 s, and its runs measured 5-15% below runs
    // of 15 M on the same build (the callers' start and the tail where the last ones finish alone weigh
    // more in a short run).
    private const long HotKeyCacheOnOperations = 5 * HotKeyOperations;

    // The hot-key rows' second concurrency: redis-benchmark's client count in the concurrent rows, where
    // round trips, not the two cores, set the pace.
    private const int FewCallers = ConcurrentBaselineClients;

    /// <summary>
    /// The runs to do: the one shaped by --workload, or the default suite's entries whose names contain
    /// --filter (all without it), less the cluster run under --no-cluster.
    /// </summary>
    public static IReadOnlyList<RunSpec> Select(LoadTestOptions options)
    {
        if (options.Workload is not null)
        {
            return [Single(options)];
        }

        return
        [
            .. Default(options).Where(spec =>
                (options.Filter is null || spec.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase))
                && (options.Cluster || !spec.OnCluster)),
        ];
    }

    public static IReadOnlyList<RunSpec> Default(LoadTestOptions options)
    {
        var callers = options.Callers;
        long Ops(long fallback) => options.Operations ?? fallback;
        long Requests(long requests, long operations) => options.Operations is { } ops ? Math.Max(1, ops * requests / operations) : requests;
        BenchmarkSpec Concurrent(string tests) =>
            new(tests, ConcurrentBaselineClients, ConcurrentBaselinePipeline, Requests(ConcurrentBaselineRequests, ConcurrentOperations));
        return
        [
            new RunSpec(ConcurrentGet, Workload.Get, callers, Ops(ConcurrentOperations), 1, options.ValueSize)
            {
                Baseline = Concurrent("get"), MeasureServer = true,
            },

            // Beside the standalone row: the same callers against a throwaway cluster, each caller's key
            // in its own slot; redis-benchmark --cluster spreads its clients over the primaries.
            new RunSpec(ClusterGet, Workload.Get, callers, Ops(ConcurrentOperations), 1, options.ValueSize)
            {
                Baseline = Concurrent("get") with { Cluster = true }, MeasureServer = true, OnCluster = true, Keys = ClusterKeys,
            },
            new RunSpec("SET, 1000 callers", Workload.Set, callers, Ops(ConcurrentOperations), 1, options.ValueSize) { Baseline = Concurrent("set") },
            new RunSpec("GET+SET, 1000 callers", Workload.Mixed, callers, Ops(ConcurrentOperations), 1, options.ValueSize) { Baseline = Concurrent("get,set") },
            new RunSpec("INCR, 1000 callers", Workload.Incr, callers, Ops(ConcurrentOperations), 1, options.ValueSize) { Baseline = Concurrent("incr") },
            new RunSpec(SequentialGet, Workload.Get, 1, Ops(SequentialOperations), 1, options.ValueSize)
            {
                Baseline = new BenchmarkSpec("get", 1, 1, Requests(SequentialBaselineRequests, SequentialOperations)), MeasureServer = true,
            },
            new RunSpec(BatchGet, Workload.Batch, 1, Ops(BatchOperations), options.BatchSize, options.ValueSize)
            {
                Baseline = new BenchmarkSpec("get", 1, options.BatchSize, Requests(BatchBaselineRequests, BatchOperations)), MeasureServer = true,
            },
            PubSub(options, Ops(PubSubMessages)),

            // The client-side cache's rows (redis-benchmark has no such workload): the same reads with it off
            // and on, with 1000 callers (the two cores saturated: client and server share them) and 50.
            new RunSpec(HotKeysCacheOff, Workload.HotKeys, callers, Ops(HotKeyOperations), 1, options.ValueSize) { MeasureServer = true },
            new RunSpec(HotKeysCacheOn, Workload.HotKeys, callers, Ops(HotKeyCacheOnOperations), 1, options.ValueSize) { MeasureServer = true, ClientCache = true },
            new RunSpec(HotKeysFewCacheOff, Workload.HotKeys, FewCallers, Ops(HotKeyOperations), 1, options.ValueSize) { MeasureServer = true },
            new RunSpec(HotKeysFewCacheOn, Workload.HotKeys, FewCallers, Ops(HotKeyOperations), 1, options.ValueSize) { MeasureServer = true, ClientCache = true },

            // What the cache costs where it never hits: every read is of a key not read lately.
            new RunSpec(NoHotKeysCacheOff, Workload.HotKeys, callers, Ops(ConcurrentOperations), 1, options.ValueSize) { MeasureServer = true, HotPercent = 0 },
            new RunSpec(NoHotKeysCacheOn, Workload.HotKeys, callers, Ops(ConcurrentOperations), 1, options.ValueSize) { MeasureServer = true, ClientCache = true, HotPercent = 0 },
        ];
    }

    /// <summary>One run shaped by --workload, --callers, --ops and --batch (--publishers, --subscribers and --capacity for pub/sub).</summary>
    public static RunSpec Single(LoadTestOptions options)
    {
        var workload = options.Workload!.Value;
        if (workload == Workload.PubSub)
        {
            return PubSub(options, options.Operations ?? PubSubMessages) with { MeasureServer = true };
        }

        var tests = workload switch
        {
            Workload.Set => "set",
            Workload.Mixed => "get,set",
            Workload.Incr => "incr",
            _ => "get",
        };
        var operations = options.Operations ?? ConcurrentOperations;
        var baseline = options.Callers > 1
            ? new BenchmarkSpec(tests, ConcurrentBaselineClients, ConcurrentBaselinePipeline, operations)
            : new BenchmarkSpec(tests, 1, workload == Workload.Batch ? options.BatchSize : 1, operations);
        var name = workload == Workload.Batch
            ? $"{workload} of {options.BatchSize}, {options.Callers} caller(s)"
            : $"{workload}, {options.Callers} caller(s)";
        return new RunSpec(name, workload, options.Callers, operations, options.BatchSize, options.ValueSize)
        {
            Baseline = baseline,
            MeasureServer = true,
            HotPercent = options.HotPercent,
            ClientCache = options.ClientCache,
        };
    }

    // redis-benchmark has no pub/sub test, so this run has no baseline.
    private static RunSpec PubSub(LoadTestOptions options, long messages) =>
        new($"pub/sub fan-out, {options.Publishers} pub -> {options.Subscribers} sub", Workload.PubSub, options.Publishers, messages, 1, options.ValueSize)
        {
            Subscribers = options.Subscribers,
            SubscriberCapacity = options.SubscriberCapacity,
        };
}
