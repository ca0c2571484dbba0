using BenchmarkDotNet.Attributes;
using Multiplex.Testing;

namespace Multiplex.Benchmarks;

/// <summary>
/// Reads answered by the client-side cache (<see cref="RedisClientOptions.ClientCache"/>), against a
/// throwaway local redis-server: the value is read once in the setup, so every measured call is a hit
/// that never leaves the process. The target for a GET of a 16-byte value: at most 250 ns and 0 B.
/// </summary>
[MemoryDiagnoser]
public class ClientCacheBenchmarks
{
    private RedisServer _server = null!;
    private RedisClient _client = null!;

    // Synchronous, so that the in-process toolchain (--inProcess, which this machine needs: building the
    // generated project times out under load) runs it to completion before the first iteration.
    [GlobalSetup]
    public void Start() => StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Stop() => StopAsync().GetAwaiter().GetResult();

    private async Task StartAsync()
    {
        _server = await RedisServer.StartAsync();
        _client = await RedisClient.ConnectAsync(new RedisClientOptions
        {
            Endpoints = [RedisEndpoint.Tcp(_server.Host, _server.Port)],
            ClientCache = new ClientCacheOptions(),
        });
        await _client.SetAsync("bench:string", "0123456789abcdef");
        await _client.HSetAsync("bench:hash", "field", "0123456789abcdef");
        _ = await _client.GetAsync("bench:string");
        _ = await _client.HGetAsync("bench:hash", "field");
    }

    private async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Description = "GET hit (16-byte value)")]
    public ValueTask<RedisValue> GetHit() => _client.GetAsync("bench:string");

    [Benchmark(Description = "HGET hit (16-byte value)")]
    public ValueTask<RedisValue> HGetHit() => _client.HGetAsync("bench:hash", "field");
}
