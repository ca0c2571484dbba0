using System.Diagnostics;
using System.Globalization;
using Multiplex.Stress.Storm;
using Multiplex.Testing;
using Multiplex.Tests.Fuzzing;

// Multiplex.Stress: proves, under load and trouble, that no caller ever receives another's reply.
//   storm [--minutes N | --seconds N] [--ops N] [--callers N] [--kill-ms N (0: no kills)] [--port P] [--seed S] [--client-cache 1]
//   incr  [--count N] [--callers N] [--kill-ms N] [--port P]
//   fuzz  [--minutes N | --seconds N] [--seed S] [--workers N]
// Without --port, a redis-server with DEBUG enabled is started on a free port and stopped afterwards.
// Exit code 0 when everything checks out, 1 on any misdelivery or finding, 2 on bad arguments.

var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "storm";
var options = ParseOptions(args.SkipWhile(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToArray());
if (options is null)
{
    return 2;
}

return verb switch
{
    "storm" => await WithServerAsync(options, port => RunStormAsync(options, port)),
    "incr" => await WithServerAsync(options, port => RunIncrAsync(options, port)),
    "fuzz" => RunFuzz(options),
    _ => Usage($"unknown verb '{verb}'"),
};

static async Task<int> WithServerAsync(Dictionary<string, string> options, Func<int, Task<int>> run)
{
    if (options.TryGetValue("port", out var port))
    {
        return await run(int.Parse(port, CultureInfo.InvariantCulture));
    }

    await using var server = await RedisServer.StartAsync(new RedisServerOptions { EnableDebugCommand = true });
    Console.WriteLine($"started redis-server on port {server.Port}");
    return await run(server.Port);
}

static async Task<int> RunStormAsync(Dictionary<string, string> options, int port)
{
    var storm = new StormOptions
    {
        Port = port,
        Duration = Duration(options, TimeSpan.FromMinutes(1)),
        MaxOperations = Number(options, "ops", 0),
        Callers = (int)Number(options, "callers", 1000),
        Seed = (int)Number(options, "seed", Environment.TickCount),
        KillEvery = TimeSpan.FromMilliseconds(Number(options, "kill-ms", 2000)),
        ClientCache = Number(options, "client-cache", 0) != 0,
        Progress = Console.WriteLine,
    };
    Console.WriteLine($"storm: {storm.Callers} callers, up to {storm.Duration}, ops limit {(storm.MaxOperations == 0 ? "none" : storm.MaxOperations.ToString("N0", CultureInfo.InvariantCulture))}, seed {storm.Seed}");
    var result = await StormRunner.RunAsync(storm);
    Console.WriteLine();
    Console.Write(result.Counters.Table(result.Elapsed));
    if (result.Passed)
    {
        Console.WriteLine("PASS: no reply reached the wrong caller");
        return 0;
    }

    Console.WriteLine("FAIL");
    foreach (var line in result.Misdeliveries.Concat(result.UnexpectedErrors))
    {
        Console.WriteLine(line);
    }

    Console.WriteLine("last events:");
    foreach (var recorded in result.LastEvents)
    {
        Console.WriteLine(recorded);
    }

    return 1;
}

static async Task<int> RunIncrAsync(Dictionary<string, string> options, int port)
{
    var count = Number(options, "count", 1_000_000);
    var callers = (int)Number(options, "callers", 200);
    var killEvery = TimeSpan.FromMilliseconds(Number(options, "kill-ms", 50));
    Console.WriteLine($"incr: {count:N0} INCRs, {callers} callers, a connection kill every ~{killEvery.TotalMilliseconds:0} ms");
    var result = await IncrReconciliation.RunAsync("127.0.0.1", port, count, callers, killEvery, Console.WriteLine);
    Console.WriteLine();
    Console.Write(result.Table());
    return result.Passed ? 0 : 1;
}

static int RunFuzz(Dictionary<string, string> options)
{
    var duration = Duration(options, TimeSpan.FromMinutes(10));
    var seed = (int)Number(options, "seed", Environment.TickCount);
    var workers = (int)Number(options, "workers", 1);
    var corpusDirectory = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Corpus");
    var corpus = RespFuzzer.LoadCorpus(corpusDirectory);
    Console.WriteLine($"fuzz: {corpus.Count} corpus entries, {workers} worker(s), seeds {seed}..{seed + workers - 1}, for {duration}");
    var stopwatch = Stopwatch.StartNew();
    var fuzzers = Enumerable.Range(0, workers).Select(i => new RespFuzzer(corpus, seed + i)).ToArray();
    using var progress = new Timer(
        _ => Console.WriteLine($"[{stopwatch.Elapsed:hh\\:mm\\:ss}] {fuzzers.Sum(f => f.Inputs):N0} inputs"),
        null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    var findings = fuzzers.AsParallel().WithDegreeOfParallelism(workers).Select(f => f.Run(duration)).ToArray();
    var inputs = fuzzers.Sum(f => f.Inputs);
    Console.WriteLine($"fuzz: {inputs:N0} inputs in {stopwatch.Elapsed.TotalMinutes:N1} min ({inputs / Math.Max(1, stopwatch.Elapsed.TotalSeconds):N0}/s), {fuzzers.Sum(f => f.Stalls)} scheduler stall(s) re-timed");
    var found = findings.Where(f => f is not null).ToArray();
    foreach (var finding in found)
    {
        Console.WriteLine(finding);
    }

    Console.WriteLine(found.Length == 0 ? "PASS: no findings" : $"FAIL: {found.Length} finding(s)");
    return found.Length == 0 ? 0 : 1;
}

static TimeSpan Duration(Dictionary<string, string> options, TimeSpan fallback) =>
    options.TryGetValue("minutes", out var minutes) ? TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture))
    : options.TryGetValue("seconds", out var seconds) ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture))
    : fallback;

static long Number(Dictionary<string, string> options, string name, long fallback) =>
    options.TryGetValue(name, out var text) ? long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;

static Dictionary<string, string>? ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
        {
            Usage($"expected --name value, got '{args[i]}'");
            return null;
        }

        options[args[i][2..]] = args[++i];
    }

    return options;
}

static int Usage(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine("usage: Multiplex.Stress storm|incr|fuzz [--minutes N|--seconds N] [--ops N] [--callers N] [--count N] [--kill-ms N] [--port P] [--seed S] [--workers N] [--client-cache 1]");
    return 2;
}
