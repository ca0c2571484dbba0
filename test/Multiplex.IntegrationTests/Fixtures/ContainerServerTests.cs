using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;
using Multiplex.Testing.Containers;

namespace Multiplex.IntegrationTests.Fixtures;

/// <summary>The container fixture itself; ignored where containers cannot run (or MULTIPLEX_CONTAINERS=0).</summary>
public sealed class ContainerServerTests : ServerTestBase
{
    [OneTimeSetUp]
    public async Task RequireContainersAsync()
    {
        if (await StandaloneServers.WhyNoContainersAsync() is { } reason)
        {
            Assert.Ignore($"No container can run here: {reason}.");
        }
    }

    [Test]
    public async Task Container_server_answers_the_client_on_a_port_published_on_loopback_only()
    {
        await using var server = await RedisContainerServer.StartAsync(new RedisServerOptions { EnableDebugCommand = true });
        await using var client = await RedisClient.ConnectAsync(TestClients.OptionsFor(server.Port), TestClients.Logs);
        using var docker = DockerEngine.CreateClient();

        var inspected = await docker.Containers.InspectContainerAsync(server.ContainerId);
        var ports = inspected.NetworkSettings?.Ports ?? new Dictionary<string, IList<Docker.DotNet.Models.PortBinding>>();
        var bindings = ports.TryGetValue($"{RedisContainerServer.ContainerPort}/tcp", out var published) ? published ?? [] : [];

        Assert.Multiple(async () =>
        {
            Assert.That(await client.EchoAsync("from the host"), Is.EqualTo((RedisValue)"from the host"));
            Assert.That(server.Endpoint, Is.EqualTo($"127.0.0.1:{server.Port}"));
            Assert.That(bindings.Select(binding => binding.HostIP), Is.EqualTo(new[] { "127.0.0.1" }));
            Assert.That(bindings.Select(binding => binding.HostPort), Is.EqualTo(new[] { $"{server.Port}" }));
            Assert.That(inspected.Config?.Labels, Does.ContainKey(ContainerSettings.HostLabel).WithValue($"{Environment.ProcessId}"));
        });
    }

    [Test]
    public async Task Container_server_takes_the_options_and_writes_its_log()
    {
        await using var server = await RedisContainerServer.StartAsync(new RedisServerOptions
        {
            EnableDebugCommand = true,
            RenameCommands = new Dictionary<string, string> { ["HELLO"] = string.Empty },
        });
        await using var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port);

        Assert.Multiple(async () =>
        {
            Assert.That(await connection.CommandAsync(["DEBUG", "SLEEP", "0"]), Is.EqualTo("+OK"));
            Assert.That(await connection.CommandAsync(["HELLO", "3"]), Does.StartWith("-ERR unknown command"));
            Assert.That((await server.CliAsync("PING")).Trim(), Is.EqualTo("PONG"));
            Assert.That(server.ReadLogTail(), Does.Contain("Ready to accept connections"));
        });
    }

    [Test]
    public async Task Disposed_container_server_leaves_no_container_or_directory_behind()
    {
        var server = await RedisContainerServer.StartAsync();
        var id = server.ContainerId;
        var directory = Path.GetDirectoryName(server.LogPath)!;
        using var docker = DockerEngine.CreateClient();
        var before = await ContainerRegistry.ListAsync(docker, CancellationToken.None);

        await server.DisposeAsync();

        var after = await ContainerRegistry.ListAsync(docker, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(before.Select(container => container.Id), Does.Contain(id));
            Assert.That(after.Select(container => container.Id), Does.Not.Contain(id));
            Assert.That(Directory.Exists(directory), Is.False);
        });
    }

    [Test]
    public async Task Shared_standalone_server_is_a_container_where_containers_run()
    {
        var server = await SharedServers.StandaloneAsync();

        Assert.That(server, Is.InstanceOf<RedisContainerServer>());
    }
}
