using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Transactions;

/// <summary>Batches whose replies come late, through a fault proxy.</summary>
public sealed class BatchFaultTests
{
    [Test]
    public async Task The_late_replies_of_a_timed_out_batch_are_discarded_and_never_reach_later_commands()
    {
        var server = await SharedServers.StandaloneAsync();
        await using var proxy = await FaultProxy.StartAsync(server.Host, server.Port);
        await using var client = await RedisClient.ConnectAsync(
            TestClients.OptionsFor(proxy.Port) with { CommandTimeout = TimeSpan.FromMilliseconds(500) }, TestClients.Logs);
        proxy.Delay = TimeSpan.FromMilliseconds(600);
        var batch = client.CreateBatch();
        var echoes = Enumerable.Range(0, 3).Select(i => batch.Commands.EchoAsync($"batch{i}")).ToArray();

        var error = Assert.ThrowsAsync<RedisTimeoutException>(async () => await batch.ExecuteAsync());
        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        foreach (var echo in echoes)
        {
            Assert.ThrowsAsync<RedisTimeoutException>(async () => await echo);
        }

        // Sent while the batch's three replies are still on their way: each must get its own reply.
        // (The proxy holds the batch for 600 ms, so these wait at most ~100 ms of their 500 ms timeout.)
        proxy.Delay = TimeSpan.Zero;
        var first = client.EchoAsync("first");
        var second = client.EchoAsync("second");
        Assert.That((string?)await first, Is.EqualTo("first"));
        Assert.That((string?)await second, Is.EqualTo("second"));
        Assert.That(client.ReconnectCount, Is.Zero);
    }
}
