using System.Diagnostics;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

public sealed class StandaloneServerTests : ServerTestBase
{
    [Test]
    public async Task Standalone_server_answers_ping()
    {
        var server = await SharedServers.StandaloneAsync();

        Assert.That((await server.CliAsync("PING")).Trim(), Is.EqualTo("PONG"));
    }

    [Test]
    public async Task Standalone_server_listens_on_its_endpoint_over_raw_resp()
    {
        var server = await SharedServers.StandaloneAsync();
        await using var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port);

        Assert.Multiple(async () =>
        {
            Assert.That(server.Endpoint, Is.EqualTo($"127.0.0.1:{server.Port}"));
            Assert.That(await connection.CommandAsync(["ECHO", "hello"]), Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task Standalone_server_allows_debug_and_writes_its_log()
    {
        var server = await SharedServers.StandaloneAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await server.CliAsync("DEBUG", "SLEEP", "0")).Trim(), Is.EqualTo("OK"));
            Assert.That(server.ReadLogTail(), Does.Contain("Ready to accept connections"));
        });
    }

    [Test]
    public async Task Stopped_server_starts_again_on_the_same_port()
    {
        await using var server = await RedisServer.StartAsync();
        var port = server.Port;
        var firstProcess = server.ProcessId;

        await server.StopAsync();
        var whileStopped = async () => await server.CliAsync("PING");
        Assert.That(whileStopped, Throws.InstanceOf<InvalidOperationException>());

        await server.StartAgainAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(server.Port, Is.EqualTo(port));
            Assert.That(server.ProcessId, Is.Not.EqualTo(firstProcess));
            Assert.That((await server.CliAsync("PING")).Trim(), Is.EqualTo("PONG"));
        });
    }

    [Test]
    public async Task Disposed_server_leaves_no_process_or_directory_behind()
    {
        var server = await RedisServer.StartAsync();
        var processId = server.ProcessId;
        var directory = Path.GetDirectoryName(server.LogPath)!;

        await server.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(() => Process.GetProcessById(processId).HasExited, Throws.ArgumentException.Or.True);
            Assert.That(Directory.Exists(directory), Is.False);
            Assert.That(directory, Does.StartWith(Path.Combine(Path.GetTempPath(), "multiplex-fixtures")));
        });
    }

    [Test]
    public void Server_that_cannot_start_fails_with_its_log_tail()
    {
        var options = new RedisServerOptions { ExtraArguments = ["--no-such-directive", "1"] };

        var start = async () => await RedisServer.StartAsync(options);

        Assert.That(start, Throws.InstanceOf<FixtureStartException>()
            .With.Message.Contains("exited").And.Message.Contains("no-such-directive"));
    }
}
