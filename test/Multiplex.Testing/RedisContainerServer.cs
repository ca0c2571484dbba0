using System.Globalization;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Microsoft.Extensions.Logging.Abstractions;
using Multiplex.Testing.Containers;
using Multiplex.Testing.Processes;
using NUnit.Framework;
using Testcontainers.Redis;

namespace Multiplex.Testing;

/// <summary>
/// A redis-server in a container started by Testcontainers, its port published on 127.0.0.1 only. The
/// image is <c>MULTIPLEX_REDIS_IMAGE</c>, else the one <c>./build.sh image</c> builds from the installed
/// Debian packages. The container carries this test host's label; it is removed on dispose, by the exit
/// hook, and by the sweeps when the host was killed. Use <see cref="StandaloneServers"/> to get a
/// container where Docker works and a process elsewhere.
/// </summary>
public sealed class RedisContainerServer : IServerFixture
{
    /// <summary>The port redis-server listens on inside the container (Redis's own default).</summary>
    public const int ContainerPort = 6379;

    // As docker ps shows it.
    private const int ShortIdLength = 12;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly RedisContainer _container;
    private readonly IOutputConsumer _output;
    private readonly string _directory;
    private readonly RedisServerOptions _options;

    // Known once the container is created: Testcontainers' Id throws before that.
    private string _containerId = string.Empty;

    private RedisContainerServer(RedisContainer container, IOutputConsumer output, string directory, RedisServerOptions options)
    {
        _container = container;
        _output = output;
        _directory = directory;
        _options = options;
        LogPath = Path.Combine(directory, "redis.log");
    }

    /// <summary>Always <c>127.0.0.1</c>: the only address the port is published on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The published port on 127.0.0.1 (known once started).</summary>
    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:{Port}</c>.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>The Docker container id (empty until the container is created).</summary>
    public string ContainerId => _containerId;

    /// <summary>The image the container runs.</summary>
    public string Image => _container.Image.FullName;

    /// <inheritdoc />
    public string Name => _containerId.Length == 0 ? "redis-container" : "redis-container-" + _containerId[..Math.Min(ShortIdLength, _containerId.Length)];

    /// <summary>The file the container's output is copied to.</summary>
    public string LogPath { get; }

    /// <summary>
    /// Starts a container configured by <paramref name="options"/> and waits until the published port
    /// answers PING. Fails when containers cannot run here (see <see cref="StandaloneServers.WhyNoContainersAsync"/>)
    /// or when the options need a process (TLS, unix socket, replica).
    /// </summary>
    public static async Task<RedisContainerServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisServerOptions();
        if (await DockerEngine.WhyUnavailableAsync() is { } reason)
        {
            throw new InvalidOperationException($"No container can run here: {reason}.");
        }

        var arguments = ContainerArguments.For(options);
        var directory = FixtureDirectory.Create("redis-container");

        // One unbuffered file for stdout and stderr, so the log is readable while the server runs.
        var log = Stream.Synchronized(new FileStream(
            Path.Combine(directory, "redis.log"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1));
        var output = Consume.RedirectStdoutAndStderrToStream(log, log);
        var container = new RedisBuilder(ContainerSettings.Image)
            .WithLabel(ContainerRegistry.Labels)
            .WithCommand([.. arguments])
            .WithOutputConsumer(output)
            .WithLogger(NullLogger.Instance)
            .WithCreateParameterModifier(PublishOnLoopbackOnly)
            .Build();
        var server = new RedisContainerServer(container, output, directory, options);
        container.Created += (_, _) =>
        {
            server._containerId = container.Id;
            ContainerRegistry.Add(container.Id, server);
        };
        try
        {
            await container.StartAsync(cancellationToken);
            server.Port = container.GetMappedPublicPort(ContainerPort);
            await Poll.UntilAsync(
                server.Name,
                async () => await RespProbe.PingAsync(server.Host, server.Port, cancellationToken) ? null : $"{server.Endpoint} does not answer PING",
                ReadyTimeout,
                ReadyPollInterval,
                [server],
                cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        TestContext.Progress.WriteLine($"containers: {server.Name} ({server.Image}) serves {server.Endpoint}");
        ContainerUseAttribute.Record(server);
        return server;
    }

    /// <summary>Runs redis-cli inside the container (authenticated when the server needs it) and returns its output.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        List<string> command = ["redis-cli"];
        if (_options.RequirePass is { } password)
        {
            command.AddRange(["--pass", password]);
        }
        else if (_options.AclUsers is [var user, ..])
        {
            command.AddRange(["--user", user.Name, "--pass", user.Password]);
        }

        command.Add("--no-auth-warning");
        command.AddRange(args);
        var result = await _container.ExecAsync(command);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli {string.Join(' ', args)} in {Name} exited with code {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }

        return result.Stdout;
    }

    /// <inheritdoc />
    public string ReadLogTail(int lines = 50) => LogTail.Read(LogPath, lines);

    /// <summary>Removes the container and deletes the fixture directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _container.DisposeAsync();
        if (_containerId.Length > 0)
        {
            ContainerRegistry.Remove(_containerId);
        }

        _output.Dispose();
        FixtureDirectory.TryDelete(_directory);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    // Testcontainers publishes on every interface by default; the tests stay on loopback.
    private static void PublishOnLoopbackOnly(CreateContainerParameters parameters) =>
        (parameters.HostConfig ??= new HostConfig()).PortBindings = new Dictionary<string, IList<PortBinding>>
        {
            [string.Create(CultureInfo.InvariantCulture, $"{ContainerPort}/tcp")] = [new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }],
        };
}
