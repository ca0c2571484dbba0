using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using StackExchangeRedis = StackExchange.Redis;

namespace Multiplex.LoadTest;

/// <summary>
/// StackExchange.Redis, the incumbent .NET client, as a second same-run anchor: connected to the same
/// deployment as ours (every node as an endpoint for a cluster), it runs the same workloads with the same
/// keys, values, callers and operation counts, measured by the same code (<see cref="CallerMeasurement"/>).
/// It keeps its defaults but the protocol, which follows ours; it has one interactive connection per node.
/// </summary>
public sealed class StackExchangeRunner : IAsyncDisposable
{
    // How long StackExchange.Redis may take to have every primary connected, and how often that is checked.
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ConnectPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly StackExchangeRedis.ConnectionMultiplexer _connection;
    private readonly ServerProbe _probe;
    private readonly TimeSpan _warmup;
    private readonly TimeSpan _maxDuration;

    private StackExchangeRunner(StackExchangeRedis.ConnectionMultiplexer connection, ServerProbe probe, TimeSpan warmup, TimeSpan maxDuration)
    {
        _connection = connection;
        _probe = probe;
        _warmup = warmup;
        _maxDuration = maxDuration;
    }

    /// <summary>The package's version, for the report.</summary>
    public static string Version { get; } =
        typeof(StackExchangeRedis.ConnectionMultiplexer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(StackExchangeRedis.ConnectionMultiplexer).Assembly.GetName().Version?.ToString()
        ?? "?";

    /// <summary>The primaries StackExchange.Redis is connected to (1 for a standalone server).</summary>
    private int PrimaryCount => _connection.GetServers().Count(server => server.IsConnected && !server.IsReplica);

    /// <summary>Each server StackExchange.Redis knows, with its type, role and state, for a message.</summary>
    private string DescribeServers() => string.Join(", ", _connection.GetServers().Select(server =>
        $"{server.EndPoint} {server.ServerType} {(server.IsReplica ? "replica" : "primary")} {(server.IsConnected ? "connected" : "not connected")}"));

    /// <summary>Whether StackExchange.Redis sees a cluster.</summary>
    private bool IsCluster => _connection.GetServers().Any(server => server.ServerType == StackExchangeRedis.ServerType.Cluster);

    /// <summary>The protocol StackExchange.Redis negotiated with the first server.</summary>
    public string Protocol => _connection.GetServers().FirstOrDefault()?.Protocol.ToString() ?? "?";

    /// <summary>Connects to <paramref name="endpoints"/> with <paramref name="protocol"/>, as ours does.</summary>
    public static async Task<StackExchangeRunner> ConnectAsync(
        IReadOnlyList<(string Host, int Port)> endpoints, RedisProtocol protocol, ServerProbe probe, TimeSpan warmup, TimeSpan maxDuration)
    {
        var configuration = new StackExchangeRedis.ConfigurationOptions
        {
            Protocol = protocol == RedisProtocol.Resp3 ? StackExchangeRedis.RedisProtocol.Resp3 : StackExchangeRedis.RedisProtocol.Resp2,
            ClientName = "multiplex-loadtest-stackexchange",
        };
        foreach (var (host, port) in endpoints)
        {
            configuration.EndPoints.Add(host, port);
        }

        var connection = await StackExchangeRedis.ConnectionMultiplexer.ConnectAsync(configuration);
        var runner = new StackExchangeRunner(connection, probe, warmup, maxDuration);
        try
        {
            await runner.WaitUntilConnectedAsync(endpoints);
            return runner;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Primes the run's keys as <see cref="LoadRunner"/> does, then warms up and measures.</summary>
    public async Task<RunResult> RunAsync(RunSpec spec, string label)
    {
        var database = _connection.GetDatabase();
        var value = LoadRunner.ValueFor(spec);
        var keys = LoadRunner.KeysFor(spec);
        await database.StringSetAsync(LoadRunner.BenchmarkKey, value);
        if (LoadRunner.PrimesKeys(spec, keys))
        {
            await Task.WhenAll(keys.Select(key => database.StringSetAsync(key, value)));
        }

        var callers = new StackExchangeCaller[spec.Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = new StackExchangeCaller(database, spec, keys[i % keys.Length], value);
        }

        return await CallerMeasurement.RunAsync(callers, spec, label, _probe, _warmup, _maxDuration);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>
    /// Waits until StackExchange.Redis has as many primaries connected as ours sees (the probe's count):
    /// on a busy machine its connect can return before every node's handshake is done.
    /// </summary>
    private async Task WaitUntilConnectedAsync(IReadOnlyList<(string Host, int Port)> endpoints)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ConnectWait.TotalSeconds * Stopwatch.Frequency);
        while (PrimaryCount < _probe.ServerCount || (_probe.ServerCount > 1 && !IsCluster))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"within {ConnectWait.TotalSeconds:0} s it had {PrimaryCount} of {_probe.ServerCount} primaries connected at {string.Join(',', endpoints.Select(endpoint => $"{endpoint.Host}:{endpoint.Port}"))} ({DescribeServers()})"));
            }

            await Task.Delay(ConnectPollInterval);
        }
    }
}
