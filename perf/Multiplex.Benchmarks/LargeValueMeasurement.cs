using System.Diagnostics;
using System.Globalization;
using Multiplex.Testing;

namespace Multiplex.Benchmarks;

/// <summary>
/// A fresh process's first and later SETs and GETs of one large value, measured one by one:
/// <see cref="LargeValueBenchmarks"/> reports the steady state after warm-up, which hides what
/// the first operation costs and what buffers pooled along the way keep holding afterwards. For each
/// operation: bytes allocated on all threads, the time the caller's thread is held before it gets its
/// task, and the whole round trip. At the end: what the process still holds after a full collection
/// beyond the value itself (buffers kept in pools, for instance).
/// </summary>
/// <remarks>
/// Run with <c>flock /tmp/multiplex-bench.lock dotnet run -c Release --project perf/Multiplex.Benchmarks -- --large-values [MB] [resp2]</c>.
/// </remarks>
internal static class LargeValueMeasurement
{
    /// <summary>The argument that selects this measurement instead of BenchmarkDotNet.</summary>
    public const string Switch = "--large-values";

    private const int Megabyte = 1024 * 1024;
    private const int DefaultSizeInMegabytes = 100;

    // Operations after the first of each kind: enough to see the steady state settle.
    private const int Repeats = 4;

    // A small value sent first, so the first large operation's figures do not include JIT compilation.
    private const int WarmUpSize = 64;
    private const string Key = "bench:large";
    private const int ValueSeed = 42;

    public static async Task RunAsync(string[] args)
    {
        var megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultSizeInMegabytes;
        var protocol = args.Length > 2 && args[2].Equals("resp2", StringComparison.OrdinalIgnoreCase) ? RedisProtocol.Resp2 : RedisProtocol.Resp3;
        await using var server = await RedisServer.StartAsync();
        await using var client = await RedisClient.ConnectAsync(new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Tcp(server.Host, server.Port)],
            Protocol = protocol,
            CommandTimeout = TimeSpan.FromMinutes(1),
        });

        await client.SetAsync(Key, new byte[WarmUpSize]);
        await client.GetAsync(Key);
        var value = new byte[megabytes * Megabyte];
        new Random(ValueSeed).NextBytes(value);
        var baseline = HeldAfterFullCollection();

        Console.WriteLine($"{megabytes} MB value, {protocol}");
        Console.WriteLine($"{"operation",-8} {"allocated MB",14} {"caller ms",10} {"total ms",10}");
        for (var round = 0; round <= Repeats; round++)
        {
            await MeasureAsync(round == 0 ? "SET 1st" : "SET", () => client.SetAsync(Key, value));
            await MeasureAsync(round == 0 ? "GET 1st" : "GET", () => client.GetAsync(Key));
        }

        // One more round trip first: until a thread that handled the last value does something else, a
        // dead slot of its stack can keep that value reachable, which is not the client holding it.
        await client.PingAsync();
        var retained = HeldAfterFullCollection() - baseline;
        Console.WriteLine($"held after a full collection, beyond the value: {retained / (double)Megabyte:0.0} MB");
        GC.KeepAlive(value);
    }

    private static async Task MeasureAsync<T>(string name, Func<ValueTask<T>> operation)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var pending = operation();
        var callerTime = watch.Elapsed;
        await pending;
        var total = watch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine($"{name,-8} {allocated / (double)Megabyte,14:0.0} {callerTime.TotalMilliseconds,10:0.0} {total.TotalMilliseconds,10:0.0}");
    }

    private static long HeldAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
