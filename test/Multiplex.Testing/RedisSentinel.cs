using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>One redis-sentinel process of a <see cref="RedisSentinelGroup"/>.</summary>
public sealed class RedisSentinel : IAsyncDisposable, IServerLog
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;
    private readonly ServerProcess _process;

    private RedisSentinel(string directory, int port)
    {
        _directory = directory;
        Port = port;
        _process = new ServerProcess(
            string.Create(CultureInfo.InvariantCulture, $"sentinel-{port}"), "redis-sentinel",
            [Path.Combine(directory, "sentinel.conf")], directory);
    }

    /// <summary>Always <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The sentinel's TCP port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:{Port}</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <inheritdoc />
    public string Name => _process.Name;

    /// <inheritdoc />
    public string LogPath => _process.LogPath;

    /// <summary>The process id of the sentinel.</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>Runs redis-cli against the sentinel and returns its output.</summary>
    public Task<string> CliAsync(params string[] args) => RedisCli.RunAsync(Host, Port, null, null, args);

    /// <inheritdoc />
    public string ReadLogTail(int lines = 50) => _process.ReadLogTail(lines);

    /// <summary>Stops the sentinel and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        FixtureDirectory.TryDelete(_directory);
    }

    internal static async Task<RedisSentinel> StartAsync(
        string parentDirectory, string masterName, RedisServer primary, CancellationToken cancellationToken)
    {
        var directory = FixtureDirectory.Create("sentinel", parentDirectory);
        var sentinel = new RedisSentinel(directory, FreePorts.Next());
        var config = string.Join('\n',
            $"port {sentinel.Port}",
            "bind 127.0.0.1",
            $"dir \"{directory}\"",
            "daemonize no",
            "logfile \"\"",
            "sentinel resolve-hostnames no",
            $"sentinel monitor {masterName} {primary.Host} {primary.Port} 2",
            $"sentinel down-after-milliseconds {masterName} 1000",
            $"sentinel failover-timeout {masterName} 10000",
            $"sentinel parallel-syncs {masterName} 1",
            string.Empty);
        await File.WriteAllTextAsync(Path.Combine(directory, "sentinel.conf"), config, cancellationToken);
        try
        {
            sentinel._process.Start();
            await sentinel._process.WaitUntilReadyAsync(
                token => RespProbe.PingAsync(sentinel.Host, sentinel.Port, token), ReadyTimeout, cancellationToken);
            return sentinel;
        }
        catch
        {
            await sentinel.DisposeAsync();
            throw;
        }
    }
}
