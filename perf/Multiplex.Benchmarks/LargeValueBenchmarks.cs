using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Multiplex.Testing;

namespace Multiplex.Benchmarks;

/// <summary>
/// SET and GET of one large value (1 MB and 100 MB) through the client against a throwaway local
/// redis-server. The allocation column counts every thread (the caller's, the writer and reader
/// loops'), so it shows how often a value is copied on its way to the socket and back: the value
/// itself is made once, in the setup, and a GET's result is the one array a caller must get.
/// <see cref="SetCallerPart"/> times only what the caller's thread does before SET hands it a task:
/// encoding the command, which copies the value into the command's buffer.
/// </summary>
/// <remarks>
/// Each iteration is one operation (<see cref="RunStrategy.Monitoring"/>): a 100 MB round trip is long
/// enough to time alone, and the caller's part needs a cleanup after each invocation.
/// Run with <c>flock /tmp/multiplex-bench.lock dotnet run -c Release --project perf/Multiplex.Benchmarks -- --filter *LargeValue*</c>.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class LargeValueBenchmarks
{
    private const int Megabyte = 1024 * 1024;
    private const string Key = "bench:large";

    // The value's bytes only need to be the same every run, not random in any stronger sense.
    private const int ValueSeed = 42;

    private RedisServer _server = null!;
    private RedisClient _client = null!;
    private byte[] _value = null!;
    private ValueTask<bool> _pendingSet;

    /// <summary>The value's size in bytes.</summary>
    [Params(1 * Megabyte, 100 * Megabyte)]
    public int Size { get; set; }

    /// <summary>The protocol the client speaks.</summary>
    [Params(RedisProtocol.Resp3, RedisProtocol.Resp2)]
    public RedisProtocol Protocol { get; set; }

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await RedisServer.StartAsync();
        _client = await RedisClient.ConnectAsync(new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Tcp(_server.Host, _server.Port)],
            Protocol = Protocol,
            CommandTimeout = TimeSpan.FromMinutes(1),
        });
        _value = new byte[Size];
        new Random(ValueSeed).NextBytes(_value);
        await _client.SetAsync(Key, _value);
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>SET, the whole round trip.</summary>
    [Benchmark]
    public ValueTask<bool> Set() => _client.SetAsync(Key, _value);

    /// <summary>GET, the whole round trip; the result is the one array of <see cref="Size"/> bytes it must allocate.</summary>
    [Benchmark]
    public async Task<int> Get()
    {
        var value = await _client.GetAsync(Key);
        return ((byte[])value!).Length;
    }

    /// <summary>SET, only the caller's synchronous part: the time its thread is held before it gets a task.</summary>
    [Benchmark]
    public void SetCallerPart() => _pendingSet = _client.SetAsync(Key, _value);

    [IterationCleanup(Target = nameof(SetCallerPart))]
    public void WaitForSet() => _pendingSet.AsTask().GetAwaiter().GetResult();
}
