using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>What a load-test run does; parsed from the command line by hand (no CLI package is needed).</summary>
public sealed record LoadTestOptions
{
    public const string Usage = """
        usage: Multiplex.LoadTest [options]
          (no --workload)        run the default suite, with redis-benchmark and StackExchange.Redis comparisons;
                                 its cluster run starts a throwaway 3-primary, 3-replica Redis Cluster on loopback
          --curves               run the scaling curves instead of the suite (a few minutes per repeat):
                                 GET as callers grow (1 to 10000), GET and SET by value size (16 B to 1 MB,
                                 50 callers, in MB/s), GET x1000 callers by connections per node (1, 2, 4)
          --lock-wake            measure the distributed lock's hand-off instead of the suite: a holder releases,
                                 a waiter on another client takes the lock (--ops rounds, default 2000)
          --server host:port     use a running server on loopback (default: start a throwaway redis-server);
                                 the suite's cluster run is then skipped
          --filter TEXT          run only the suite entries whose names contain TEXT (case-insensitive),
                                 e.g. --filter cluster; with --curves, only the curves whose names contain it
                                 (callers, value sizes, connections)
          --no-cluster           skip the suite's cluster run
          --workload W           get | getlease | set | mixed | incr | batch | pubsub | hotkeys  (one run instead of the suite;
                                 hotkeys: 90% of GETs to 100 hot keys, client-side cache off)
          --hot-percent N        with --workload hotkeys: percent of GETs to the hot keys (default 90)
          --client-cache         with --workload hotkeys: the client-side cache on
          --callers N            concurrent callers (default 1000)
          --ops N                measured operations per run (default: per suite entry, or 1000000;
                                 for pubsub, messages published: default 20000, each delivered to every subscriber);
                                 in the suite, redis-benchmark's requests scale with it in the suite's proportions
          --batch N              commands per batch for --workload batch (default 100)
          --publishers N         pub/sub publishers, on the load test's client (default 4)
          --subscribers N        pub/sub subscribers of one channel, on a second client (default 100)
          --capacity N           each pub/sub subscription's buffer, in messages (default 100000)
          --value-size N         value size in bytes (default 16; pub/sub messages take at least 21, their header)
          --connections N        connections per node (default 1)
          --protocol P           resp2 | resp3 (default resp3)
          --warmup-seconds S     warm-up time before each measured run (default 2)
          --max-seconds S        each run stops after this long even if ops remain (default 30)
          --repeat N             repeat each suite entry N times, report the median (default 3)
          --no-compare           skip redis-benchmark
          --no-ser               skip StackExchange.Redis (the second same-run anchor: the same workloads,
                                 callers and operation counts as ours, through its own client; pub/sub
                                 has no StackExchange.Redis run)
          --no-inline            A/B: callers never write their own commands (the Multiplex.DisableInlineWrites
                                 switch); every command goes through the writer loop, as before inline writes
          --telemetry            listen to the Multiplex source and meter (every span sampled, every
                                 instrument enabled, nothing exported): what listening costs the client
        """;

    public string? Server { get; init; }

    /// <summary>Only the suite entries whose names contain this text (case-insensitive); null: all.</summary>
    public string? Filter { get; init; }

    /// <summary>Whether the suite includes its cluster run (on a throwaway cluster); default true.</summary>
    public bool Cluster { get; init; } = true;

    public Workload? Workload { get; init; }

    public int Callers { get; init; } = 1000;

    public long? Operations { get; init; }

    public int BatchSize { get; init; } = 100;

    public int Publishers { get; init; } = 4;

    public int Subscribers { get; init; } = 100;

    public int SubscriberCapacity { get; init; } = 100_000;

    public int ValueSize { get; init; } = 16;

    public int Connections { get; init; } = 1;

    public RedisProtocol Protocol { get; init; } = RedisProtocol.Resp3;

    public double WarmupSeconds { get; init; } = 2;

    public double MaxSeconds { get; init; } = 30;

    public int Repeat { get; init; } = 3;

    public bool Compare { get; init; } = true;

    /// <summary>Whether StackExchange.Redis runs beside ours (--no-ser turns it off); default true.</summary>
    public bool StackExchange { get; init; } = true;

    /// <summary>Whether callers may write their own commands (--no-inline turns it off, for an A/B); default true.</summary>
    public bool InlineWrites { get; init; } = true;

    /// <summary>For --workload hotkeys: percent of reads to the hot keys (--hot-percent, default 90).</summary>
    public int HotPercent { get; init; } = HotKeySet.DefaultHotPercent;

    /// <summary>For --workload hotkeys: whether the client-side cache is on (--client-cache); default off.</summary>
    public bool ClientCache { get; init; }

    /// <summary>Whether to listen to the client's spans and metrics (--telemetry); default false.</summary>
    public bool Telemetry { get; init; }

    /// <summary>Whether to measure the lock hand-off instead of the suite (--lock-wake).</summary>
    public bool LockWake { get; init; }

    /// <summary>Whether to run the scaling curves instead of the suite (--curves).</summary>
    public bool Curves { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--server" => options with { Server = Next() },
                "--filter" => options with { Filter = Next() },
                "--no-cluster" => options with { Cluster = false },
                "--workload" => options with { Workload = ParseWorkload(Next()) },
                "--callers" => options with { Callers = PositiveInt(name, Next()) },
                "--ops" => options with { Operations = PositiveInt(name, Next()) },
                "--batch" => options with { BatchSize = PositiveInt(name, Next()) },
                "--publishers" => options with { Publishers = PositiveInt(name, Next()) },
                "--subscribers" => options with { Subscribers = PositiveInt(name, Next()) },
                "--capacity" => options with { SubscriberCapacity = PositiveInt(name, Next()) },
                "--value-size" => options with { ValueSize = PositiveInt(name, Next()) },
                "--connections" => options with { Connections = PositiveInt(name, Next()) },
                "--protocol" => options with { Protocol = ParseProtocol(Next()) },
                "--warmup-seconds" => options with { WarmupSeconds = Seconds(name, Next()) },
                "--max-seconds" => options with { MaxSeconds = Seconds(name, Next()) },
                "--repeat" => options with { Repeat = PositiveInt(name, Next()) },
                "--no-compare" => options with { Compare = false },
                "--no-ser" => options with { StackExchange = false },
                "--curves" => options with { Curves = true },
                "--lock-wake" => options with { LockWake = true },
                "--no-inline" => options with { InlineWrites = false },
                "--telemetry" => options with { Telemetry = true },
                "--hot-percent" => options with { HotPercent = Percent(name, Next()) },
                "--client-cache" => options with { ClientCache = true },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.Filter is not null && options.Workload is not null)
        {
            throw new ArgumentException("--filter picks entries of the suite; --workload runs one workload instead of it: give one of them.");
        }

        if (options.LockWake && (options.Curves || options.Workload is not null || options.Filter is not null))
        {
            throw new ArgumentException("--lock-wake measures the lock hand-off alone: give it without --curves, --workload or --filter.");
        }

        if ((options.ClientCache || options.HotPercent != HotKeySet.DefaultHotPercent) && options.Workload != LoadTest.Workload.HotKeys)
        {
            throw new ArgumentException("--hot-percent and --client-cache shape --workload hotkeys only (the suite's hot-key rows are fixed).");
        }

        if (options.Curves && options.Workload is not null)
        {
            throw new ArgumentException("--curves runs the scaling curves; --workload runs one workload: give one of them.");
        }

        return options;
    }

    private static int Percent(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
            ? percent
            : throw new ArgumentException($"{name} must be a whole number from 0 to 100, not '{value}'.");

    private static Workload ParseWorkload(string value) => value.ToLowerInvariant() switch
    {
        "get" => LoadTest.Workload.Get,
        "getlease" => LoadTest.Workload.GetLease,
        "set" => LoadTest.Workload.Set,
        "mixed" => LoadTest.Workload.Mixed,
        "incr" => LoadTest.Workload.Incr,
        "batch" => LoadTest.Workload.Batch,
        "pubsub" => LoadTest.Workload.PubSub,
        "hotkeys" => LoadTest.Workload.HotKeys,
        _ => throw new ArgumentException($"unknown workload {value}"),
    };

    private static RedisProtocol ParseProtocol(string value) => value.ToLowerInvariant() switch
    {
        "resp2" or "2" => RedisProtocol.Resp2,
        "resp3" or "3" => RedisProtocol.Resp3,
        _ => throw new ArgumentException($"unknown protocol {value}"),
    };

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive integer, not '{value}'.");

    private static double Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= 3600
            ? s
            : throw new ArgumentException($"{name} needs a number of seconds between 0 and 3600, not '{value}'.");
}
