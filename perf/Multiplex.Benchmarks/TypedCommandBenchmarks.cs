using BenchmarkDotNet.Attributes;
using Multiplex.Testing;

namespace Multiplex.Benchmarks;

/// <summary>
/// Typed commands with fixed arguments, through the client's public methods, against a throwaway
/// local redis-server. The allocation column shows what one command costs beyond its result: the
/// pending command is pooled and the arguments are encoded into reused buffers, so commands whose
/// result is a number or a boolean should allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class TypedCommandBenchmarks
{
    private RedisServer _server = null!;
    private RedisClient _client = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await RedisServer.StartAsync();
        _client = await RedisClient.ConnectAsync(new RedisClientOptions { Endpoints = [RedisEndpoint.Tcp(_server.Host, _server.Port)] });
        await _client.HSetAsync("bench:hash", "field", "value");
        await _client.ZAddAsync("bench:zset", "member", 1.5);
        await _client.SAddAsync("bench:set", "member");
        await _client.SetAsync("bench:string", "0123456789abcdef");
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark]
    public ValueTask<long> IncrBy() => _client.IncrByAsync("bench:counter", 2);

    [Benchmark]
    public ValueTask<bool> HSet() => _client.HSetAsync("bench:hash", "field", "value");

    [Benchmark]
    public ValueTask<bool> ZAdd() => _client.ZAddAsync("bench:zset", "member", 2.5);

    [Benchmark]
    public ValueTask<double?> ZScore() => _client.ZScoreAsync("bench:zset", "member");

    [Benchmark]
    public ValueTask<bool> SIsMember() => _client.SIsMemberAsync("bench:set", "member");

    [Benchmark]
    public ValueTask<bool> Expire() => _client.ExpireAsync("bench:string", TimeSpan.FromMinutes(5));

    [Benchmark]
    public ValueTask<long> StrLen() => _client.StrLenAsync("bench:string");

    [Benchmark]
    public ValueTask<long> ClientId() => _client.ClientIdAsync();

    [Benchmark(Description = "GET (16-byte value: the result is a 40-byte array)")]
    public ValueTask<RedisValue> Get() => _client.GetAsync("bench:string");
}
