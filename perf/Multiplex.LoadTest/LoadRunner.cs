using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>Runs one workload with our client: primes its keys, then warm-up and a measured run (<see cref="CallerMeasurement"/>).</summary>
public sealed class LoadRunner(RedisClient client, ServerProbe probe, TimeSpan warmup, TimeSpan maxDuration)
{
    /// <summary>The key redis-benchmark's GET and SET use without -r; every run primes it.</summary>
    public const string BenchmarkKey = "key:__rand_int__";

    /// <summary>The key every caller uses: the same one redis-benchmark uses without -r.</summary>
    public static string KeyFor(Workload workload) => workload == Workload.Incr ? "counter:__rand_int__" : BenchmarkKey;

    /// <summary>
    /// The keys the callers share out (caller i takes key i mod <see cref="RunSpec.Keys"/>): the one key
    /// of <see cref="KeyFor"/>, or <c>key:0</c>, <c>key:1</c>, … (<c>counter:</c>… for INCR), whose
    /// hash slots spread over a cluster's primaries. Both clients' runs use these names.
    /// </summary>
    public static string[] KeysFor(RunSpec spec)
    {
        if (spec.Keys <= 1)
        {
            return [KeyFor(spec.Workload)];
        }

        var prefix = spec.Workload == Workload.Incr ? "counter:" : "key:";
        return [.. Enumerable.Range(0, spec.Keys).Select(index => prefix + index.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>The value SET writes and the primed keys hold: <see cref="RunSpec.ValueSize"/> bytes of 'x', as redis-benchmark writes.</summary>
    public static byte[] ValueFor(RunSpec spec) => Enumerable.Repeat((byte)'x', spec.ValueSize).ToArray();

    /// <summary>Whether the run's keys (beyond <see cref="BenchmarkKey"/>) are written before it, so each GET returns a value.</summary>
    public static bool PrimesKeys(RunSpec spec, string[] keys) => keys.Length > 1 && spec.Workload != Workload.Incr;

    public async Task<RunResult> RunAsync(RunSpec spec, string label)
    {
        RedisValue value = ValueFor(spec);
        var keys = KeysFor(spec);
        await client.SetAsync(BenchmarkKey, value);
        if (PrimesKeys(spec, keys))
        {
            await Task.WhenAll(keys.Select(key => client.SetAsync(key, value).AsTask()));
        }

        if (spec.Workload == Workload.HotKeys)
        {
            return await RunHotKeysAsync(spec, label, value);
        }

        var callers = new Caller[spec.Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = new Caller(client, spec, keys[i % keys.Length], value);
        }

        return await CallerMeasurement.RunAsync(callers, spec, label, probe, warmup, maxDuration);
    }

    /// <summary>The hot-key workload, on a client of its own with the client-side cache on or off.</summary>
    private async Task<RunResult> RunHotKeysAsync(RunSpec spec, string label, RedisValue value)
    {
        var keys = new HotKeySet(spec.HotPercent);
        await Task.WhenAll(keys.Hot.Select(key => client.SetAsync(key, value).AsTask()));
        await using var own = await RedisClient.ConnectAsync(client.Options with { ClientCache = spec.ClientCache ? new ClientCacheOptions() : null });
        var callers = new Caller[spec.Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = new Caller(own, spec, keys.Hot[0], value, keys, seed: i);
        }

        var result = await CallerMeasurement.RunAsync(callers, spec, label, probe, warmup, maxDuration);
        if (own.ClientCache is { } cache)
        {
            // Warm-up included: what the cache did over the whole run, to explain the row's figures.
            var reads = Math.Max(1, cache.Hits + cache.Misses);
            Console.WriteLine(
                $"  client cache: {cache.Hits:N0} hits ({100.0 * cache.Hits / reads:0.0}%), {cache.Misses:N0} misses, {cache.Evictions:N0} evictions, " +
                $"{cache.Invalidations:N0} invalidations, {cache.Count:N0} entries ({cache.Bytes:N0} B)");
        }

        return result;
    }
}
