using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>One redis-sentinel process of a <see cref="RedisSentinelGroup"/>.</summary>
public sealed class RedisSentinel : IAsyncDisposable, IServerLog
{
    private const int MaxStartAttempts = 5;

    // Two of the three sentinels must agree that the primary is down.
    private const int Quorum = 2;

    // Redis's own sentinel tests use 2 s. At 1 s a sentinel that learns of a failover after a kill can
    // flag the new primary down before it has reconnected to it (it reconnects at most once per 1 s ping
    // period) and, with the other sentinels' still fresh "down" answers about the killed one, fail it
    // over again at once.
    private const int DownAfterMilliseconds = 2000;
    private const int FailoverTimeoutMilliseconds = 10000;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;
    private readonly ServerProcess _process;
    private readonly SentinelConnection _admin;

    private RedisSentinel(string directory, int port)
    {
        _directory = directory;
        Port = port;
        _process = new ServerProcess(
            string.Create(CultureInfo.InvariantCulture, $"sentinel-{port}"), "redis-sentinel",
            [Path.Combine(directory, "sentinel.conf")], directory);
        _admin = new SentinelConnection(this);
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

    /// <summary>Closes the fixture's connection, stops the sentinel and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _process.StopAsync();
        FixtureDirectory.TryDelete(_directory);
    }

    /// <summary>Sends one command over the fixture's kept-open connection; an error reply is returned, not thrown.</summary>
    internal Task<RespReply> CommandAsync(string[] command, CancellationToken cancellationToken) =>
        _admin.CommandAsync(command, cancellationToken);

    internal static async Task<RedisSentinel> StartAsync(
        string parentDirectory, string masterName, RedisServer primary, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sentinel = new RedisSentinel(FixtureDirectory.Create("sentinel", parentDirectory), FreePorts.Next());
            try
            {
                await sentinel.LaunchAsync(masterName, primary, cancellationToken);
                return sentinel;
            }
            catch (FixtureStartException exception) when (attempt < MaxStartAttempts
                && exception.LogTail.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await sentinel.DisposeAsync();
            }
            catch
            {
                await sentinel.DisposeAsync();
                throw;
            }
        }
    }

    private async Task LaunchAsync(string masterName, RedisServer primary, CancellationToken cancellationToken)
    {
        // Sentinel rewrites this file as it learns about replicas and other sentinels.
        var config = string.Join('\n',
            $"port {Port}",
            "bind 127.0.0.1",
            $"dir \"{_directory}\"",
            "daemonize no",
            "logfile \"\"",
            "sentinel resolve-hostnames no",
            $"sentinel monitor {masterName} {primary.Host} {primary.Port} {Quorum}",
            $"sentinel down-after-milliseconds {masterName} {DownAfterMilliseconds}",
            $"sentinel failover-timeout {masterName} {FailoverTimeoutMilliseconds}",
            $"sentinel parallel-syncs {masterName} 1",
            string.Empty);
        await File.WriteAllTextAsync(Path.Combine(_directory, "sentinel.conf"), config, cancellationToken);
        _process.Start();
        await _process.WaitUntilReadyAsync(token => RespProbe.PingAsync(Host, Port, token), ReadyTimeout, cancellationToken);
    }
}
