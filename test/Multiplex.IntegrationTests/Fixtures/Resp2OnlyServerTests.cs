using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

public sealed class Resp2OnlyServerTests : ServerTestBase
{
    [Test]
    public async Task Resp2_only_server_rejects_hello_but_answers_ping()
    {
        var server = await SharedServers.Resp2OnlyAsync();
        await using var connection = await RawRespConnection.ConnectAsync(server.Host, server.Port);

        Assert.Multiple(async () =>
        {
            Assert.That(await connection.CommandAsync(["HELLO", "3"]), Does.StartWith("-ERR unknown command"));
            Assert.That(await connection.CommandAsync(["PING"]), Is.EqualTo("+PONG"));
        });
    }
}
