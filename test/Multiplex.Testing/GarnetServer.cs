using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A real garnet-server (Microsoft's RESP server) on a free loopback port, with Lua, vector sets and
/// DEBUG enabled and small memory settings. Found through <c>MULTIPLEX_GARNET_SERVER</c>, then
/// <c>.tools/garnet-server</c> in the repository, then the PATH.
/// </summary>
public sealed class GarnetServer : IServerFixture
{
    private const int MaxStartAttempts = 5;

    // Garnet is a .NET process and JIT-compiles at start, so it gets longer than redis-server.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private readonly ServerProcess _process;

    private GarnetServer(string directory, string executable, int port, IReadOnlyList<string> extraArguments)
    {
        _directory = directory;
        Port = port;
        List<string> arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            // Log memory, hash index and buffer pools sized for tests rather than production.
            "-m", "256m",
            "-i", "16m",
            "--page", "4m",
            "--buffer-pool-memory-budget", "64m",
            "--checkpointdir", directory,
            "--lua", "true",
            // A switch: "--enable-vector-set-preview true" leaves "true" unparsed (garnet logs a warning).
            "--enable-vector-set-preview",
            "--enable-debug-command", "local",
            .. extraArguments,
        ];
        _process = new ServerProcess(string.Create(CultureInfo.InvariantCulture, $"garnet-{port}"), executable, arguments, directory);
    }

    /// <summary>Always <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:{Port}</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <inheritdoc />
    public string Name => _process.Name;

    /// <inheritdoc />
    public string LogPath => _process.LogPath;

    /// <summary>The process id of garnet-server.</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>Starts garnet-server and waits until it answers PING; <paramref name="extraArguments"/> are appended.</summary>
    public static async Task<GarnetServer> StartAsync(IReadOnlyList<string>? extraArguments = null, CancellationToken cancellationToken = default)
    {
        var executable = GarnetLocator.Find();
        for (var attempt = 1; ; attempt++)
        {
            var directory = FixtureDirectory.Create("garnet");
            var server = new GarnetServer(directory, executable, FreePorts.Next(), extraArguments ?? []);
            try
            {
                server._process.Start();
                await server._process.WaitUntilReadyAsync(
                    token => RespProbe.PingAsync(server.Host, server.Port, token), ReadyTimeout, cancellationToken);
                return server;
            }
            catch (FixtureStartException exception) when (attempt < MaxStartAttempts
                && exception.LogTail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Runs redis-cli against garnet and returns its output.</summary>
    public Task<string> CliAsync(params string[] args) => RedisCli.RunAsync(Host, Port, null, null, args);

    /// <inheritdoc />
    public string ReadLogTail(int lines = 50) => _process.ReadLogTail(lines);

    /// <summary>Stops garnet-server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        FixtureDirectory.TryDelete(_directory);
    }
}
