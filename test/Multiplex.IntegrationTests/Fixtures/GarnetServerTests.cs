using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Fixtures;

public sealed class GarnetServerTests : ServerTestBase
{
    [Test]
    public async Task Garnet_answers_ping_and_stores_values()
    {
        var garnet = await SharedServers.GarnetAsync();
        await using var connection = await RawRespConnection.ConnectAsync(garnet.Host, garnet.Port);
        var key = "fixture:" + Guid.NewGuid().ToString("N");

        Assert.Multiple(async () =>
        {
            Assert.That((await garnet.CliAsync("PING")).Trim(), Is.EqualTo("PONG"));
            Assert.That(await connection.CommandAsync(["SET", key, "garnet"]), Is.EqualTo("+OK"));
            Assert.That(await connection.CommandAsync(["GET", key]), Is.EqualTo("garnet"));
        });
    }

    [Test]
    public async Task Garnet_runs_lua_scripts()
    {
        var garnet = await SharedServers.GarnetAsync();

        Assert.That((await garnet.CliAsync("EVAL", "return 6 * 7", "0")).Trim(), Is.EqualTo("42"));
    }
}
