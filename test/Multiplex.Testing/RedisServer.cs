using System.Globalization;
using Multiplex.Testing.Processes;

namespace Multiplex.Testing;

/// <summary>
/// A real redis-server on a free loopback port, in its own temp directory. It is killed on dispose
/// and when the test host exits. Replication groups, clusters and sentinel groups are built from it.
/// </summary>
public sealed class RedisServer : IServerFixture
{
    private const int MaxStartAttempts = 5;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PortBusyRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly RedisServerOptions _options;
    private readonly string _directory;
    private readonly IReadOnlyList<string> _extraConfigLines;
    private ServerProcess _process;

    private RedisServer(RedisServerOptions options, string directory, int port, int? tlsPort,
        TlsCertificates? certificates, IReadOnlyList<string> extraConfigLines)
    {
        _options = options;
        _directory = directory;
        _extraConfigLines = extraConfigLines;
        Port = port;
        TlsPort = tlsPort;
        Certificates = certificates;
        UnixSocketPath = options.UnixSocket ? Path.Combine(directory, "redis.sock") : null;
        _process = CreateProcess();
    }

    /// <summary>Always <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The plain TCP port.</summary>
    public int Port { get; }

    /// <summary>The TLS port when <see cref="RedisServerOptions.Tls"/> is set.</summary>
    public int? TlsPort { get; }

    /// <summary>The unix socket path when <see cref="RedisServerOptions.UnixSocket"/> is set.</summary>
    public string? UnixSocketPath { get; }

    /// <summary>The generated CA, server and client certificates when TLS is on.</summary>
    public TlsCertificates? Certificates { get; }

    /// <summary>The options the server was started with.</summary>
    public RedisServerOptions Options => _options;

    /// <summary><c>127.0.0.1:{Port}</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <inheritdoc />
    public string Name => _process.Name;

    /// <inheritdoc />
    public string LogPath => _process.LogPath;

    /// <summary>The process id of the running redis-server (0 while stopped).</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>Starts a server with <paramref name="options"/> and waits until it answers PING.</summary>
    public static Task<RedisServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartCoreAsync(options ?? new RedisServerOptions(), "redis", parentDirectory: null, [], clusterBus: false, sharedCertificates: null, cancellationToken);

    /// <summary>
    /// Starts a server in a new directory below <paramref name="parentDirectory"/>. A cluster node
    /// (<paramref name="clusterBus"/>) gets ports whose bus port (+10000) is free too, the TLS port
    /// included, since a node with <c>tls-cluster yes</c> puts its bus beside the TLS port. With TLS, the
    /// server uses <paramref name="sharedCertificates"/> when given (a group trusting one CA), else its own.
    /// </summary>
    internal static async Task<RedisServer> StartCoreAsync(RedisServerOptions options, string name, string? parentDirectory,
        IReadOnlyList<string> extraConfigLines, bool clusterBus, TlsCertificates? sharedCertificates, CancellationToken cancellationToken)
    {
        var directory = FixtureDirectory.Create(name, parentDirectory);
        try
        {
            var certificates = options.Tls
                ? sharedCertificates ?? await TlsCertificates.CreateAsync(Path.Combine(directory, "tls"), cancellationToken)
                : null;
            for (var attempt = 1; ; attempt++)
            {
                var server = new RedisServer(options, directory, FreePorts.Next(clusterBus),
                    options.Tls ? FreePorts.Next(clusterBus) : null, certificates, extraConfigLines);
                try
                {
                    await server.LaunchAsync(cancellationToken);
                    return server;
                }
                catch (FixtureStartException exception) when (attempt < MaxStartAttempts && IsPortConflict(exception))
                {
                    await server._process.StopAsync();
                }
                catch
                {
                    await server._process.StopAsync();
                    throw;
                }
            }
        }
        catch
        {
            FixtureDirectory.TryDelete(directory);
            throw;
        }
    }

    /// <inheritdoc />
    public string ReadLogTail(int lines = 50) => _process.ReadLogTail(lines);

    /// <summary>
    /// Kills the server with SIGKILL (no shutdown, no save) and waits until it has gone; the directory,
    /// config, nodes.conf and port numbers are kept for <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync() => _process.StopAsync();

    /// <summary>Starts the server again on the same port with the same configuration.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await _process.StopAsync();
        for (var attempt = 1; ; attempt++)
        {
            _process = CreateProcess();
            try
            {
                await LaunchAsync(cancellationToken);
                return;
            }
            catch (FixtureStartException exception) when (attempt < MaxStartAttempts && IsPortConflict(exception))
            {
                // The old socket may linger for a moment; the port must stay the same, so wait and retry.
                await _process.StopAsync();
                await Task.Delay(PortBusyRetryDelay, cancellationToken);
            }
            catch
            {
                await _process.StopAsync();
                throw;
            }
        }
    }

    /// <summary>Runs redis-cli against the plain port (authenticated when the server needs it) and returns its output.</summary>
    public Task<string> CliAsync(params string[] args)
    {
        var (user, password) = CliCredentials();
        return RedisCli.RunAsync(Host, Port, user, password, args);
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        FixtureDirectory.TryDelete(_directory);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The user and password fixtures authenticate with (the default user's when requirepass is set).</summary>
    internal (string? User, string? Password) AdminCredentials => CliCredentials();

    private (string? User, string? Password) CliCredentials()
    {
        if (_options.RequirePass is { } password)
        {
            return (null, password);
        }

        return _options.AclUsers is [var user, ..] ? (user.Name, user.Password) : (null, null);
    }

    private ServerProcess CreateProcess()
    {
        var configPath = Path.Combine(_directory, "redis.conf");
        List<string> arguments = [configPath, .. _options.ExtraArguments];
        return new ServerProcess(
            string.Create(CultureInfo.InvariantCulture, $"redis-{Port}"), "redis-server", arguments, _directory);
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var config = RedisConfig.Build(_options, _directory, Port, TlsPort, Certificates, UnixSocketPath, _extraConfigLines);
        await File.WriteAllTextAsync(Path.Combine(_directory, "redis.conf"), config, cancellationToken);
        _process.Start();
        await _process.WaitUntilReadyAsync(token => RespProbe.PingAsync(Host, Port, token), ReadyTimeout, cancellationToken);
    }

    private static bool IsPortConflict(FixtureStartException exception) =>
        exception.LogTail.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
}
