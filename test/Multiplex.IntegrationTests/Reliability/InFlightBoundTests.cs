using System.Globalization;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Reliability;

/// <summary>
/// Commands written and not yet answered are bounded like the queue in front of them
/// (<see cref="RedisClientOptions.MaxPendingCommands"/>): while the server does not answer, the writer
/// stops at the limit, and once it answers again every caller gets its own reply.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
[NonParallelizable]
public sealed class InFlightBoundTests(ServerKind kind) : ClientFixture(kind)
{
    private const int Limit = 32;
    private const int Callers = 500;

    [Test]
    public async Task A_stalled_server_never_has_more_commands_in_flight_than_the_limit_and_every_caller_gets_its_reply()
    {
        await using var client = await TestClients.ConnectAsync(Kind, options => options with
        {
            MaxPendingCommands = Limit,
            CommandTimeout = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.Zero,
        });
        await using var admin = await TestClients.ConnectAsync(Kind, options => options with { AllowAdminCommands = true });
        var prefix = TestClients.Key("bound");
        var connection = client.Nodes[0].Connections[0];

        await admin.ClientPauseAsync(TimeSpan.FromMilliseconds(500));
        var gets = Enumerable.Range(0, Callers).Select(i => client.EchoAsync($"{prefix}:{i}").AsTask()).ToArray();
        var most = 0;
        while (!gets.All(get => get.IsCompleted))
        {
            most = Math.Max(most, connection.InFlightCount);
            await Task.Delay(1);
        }

        TestContext.Out.WriteLine($"at most {most} of {Callers} commands in flight (limit {Limit})");
        Assert.That(most, Is.InRange(1, Limit));
        for (var i = 0; i < Callers; i++)
        {
            Assert.That((string?)await gets[i], Is.EqualTo($"{prefix}:{i.ToString(CultureInfo.InvariantCulture)}"));
        }
    }
}
