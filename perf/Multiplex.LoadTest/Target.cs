using StackExchangeRedis = StackExchange.Redis;

namespace Multiplex.LoadTest;

/// <summary>
/// One deployment the runs go to (the standalone server or the throwaway cluster): the load test's
/// client connected to it, the runners that drive it, its server probe, redis-benchmark aimed at it and
/// StackExchange.Redis connected to it.
/// </summary>
public sealed class Target : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owned;

    private Target(
        RedisClient client,
        ServerProbe probe,
        LoadRunner runner,
        PubSubRunner pubSubRunner,
        RedisBenchmark? benchmark,
        StackExchangeRunner? stackExchange,
        IAsyncDisposable? owned)
    {
        Client = client;
        Probe = probe;
        Runner = runner;
        PubSubRunner = pubSubRunner;
        Benchmark = benchmark;
        StackExchange = stackExchange;
        _owned = owned;
    }

    public RedisClient Client { get; }

    public ServerProbe Probe { get; }

    public LoadRunner Runner { get; }

    public PubSubRunner PubSubRunner { get; }

    /// <summary>redis-benchmark on the same deployment; null without a comparison.</summary>
    public RedisBenchmark? Benchmark { get; }

    /// <summary>StackExchange.Redis on the same deployment; null under --no-ser or when it could not connect.</summary>
    public StackExchangeRunner? StackExchange { get; }

    /// <summary>
    /// Connects to <paramref name="endpoints"/> (one server, or a cluster's seeds) and aims redis-benchmark
    /// at the first. <paramref name="owned"/> (the servers, when the load test started them) is disposed
    /// after the clients. When StackExchange.Redis cannot connect, the target has none and says why.
    /// </summary>
    public static async Task<Target> ConnectAsync(
        LoadTestOptions options, IReadOnlyList<(string Host, int Port)> endpoints, bool compare, bool stackExchange, IAsyncDisposable? owned = null)
    {
        var clientOptions = RedisClientOptions.Parse(string.Join(',', endpoints.Select(endpoint => $"{endpoint.Host}:{endpoint.Port}"))) with
        {
            ConnectionsPerNode = options.Connections,
            Protocol = options.Protocol,
        };
        var client = await RedisClient.ConnectAsync(clientOptions);
        try
        {
            var probe = await ServerProbe.CreateAsync(client);
            var maxDuration = TimeSpan.FromSeconds(options.MaxSeconds);
            var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
            var (host, port) = endpoints[0];
            StackExchangeRunner? stackExchangeRunner = null;
            if (stackExchange)
            {
                try
                {
                    stackExchangeRunner = await StackExchangeRunner.ConnectAsync(endpoints, client.Protocol, probe, warmup, maxDuration);
                }
                catch (Exception ex) when (ex is StackExchangeRedis.RedisException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"StackExchange.Redis could not connect, so it is left out: {ex.Message}");
                }
            }

            return new Target(
                client,
                probe,
                new LoadRunner(client, probe, warmup, maxDuration),
                new PubSubRunner(client, clientOptions, probe, warmup, maxDuration),
                compare ? new RedisBenchmark(host, port, client.Protocol, probe, maxDuration) : null,
                stackExchangeRunner,
                owned);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the clients, then stops what the target owns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (StackExchange is not null)
        {
            await StackExchange.DisposeAsync();
        }

        await Client.DisposeAsync();
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }
}
