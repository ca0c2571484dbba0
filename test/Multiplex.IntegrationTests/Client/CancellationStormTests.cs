using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Client;

/// <summary>Cancellation before and after a command is written never shifts replies.</summary>
public sealed class CancellationStormTests
{
    private const int Callers = 1000;
    private const int RoundsPerCaller = 20;

    [Test]
    public async Task Cancelled_commands_never_shift_replies_and_the_connection_stays_usable()
    {
        await using var client = await TestClients.ConnectAsync();
        var prefix = TestClients.Key("storm");
        var misdelivered = 0;
        var cancelled = 0;
        var succeeded = 0;

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            var key = $"{prefix}:{caller}";
            var value = $"{key}:value";
            await client.SetAsync(key, value);
            for (var round = 0; round < RoundsPerCaller; round++)
            {
                using var source = new CancellationTokenSource();
                var cancels = random.Next(2) == 0;
                var read = client.GetAsync(key, source.Token);
                if (cancels)
                {
                    // Cancel at a random moment: before the write, right after it, or later.
                    var delay = random.Next(3);
                    if (delay == 1)
                    {
                        await Task.Yield();
                    }
                    else if (delay == 2)
                    {
                        await Task.Delay(random.Next(0, 3));
                    }

                    await source.CancelAsync();
                }

                try
                {
                    var result = await read;
                    Interlocked.Increment(ref succeeded);
                    if ((string?)result != value)
                    {
                        Interlocked.Increment(ref misdelivered);
                    }
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                }
            }
        })));

        TestContext.Out.WriteLine($"succeeded {succeeded}, cancelled {cancelled}, misdelivered {misdelivered}");
        Assert.That(misdelivered, Is.Zero);
        Assert.That(cancelled, Is.GreaterThan(0), "the storm cancelled nothing, so it proved nothing");
        Assert.That(succeeded + cancelled, Is.EqualTo(Callers * RoundsPerCaller));

        // The same connection serves requests normally afterwards.
        var after = TestClients.Key("after");
        await client.SetAsync(after, "ok");
        Assert.That((string?)await client.GetAsync(after), Is.EqualTo("ok"));
        Assert.That(client.ReconnectCount, Is.Zero);
    }

    [Test]
    public async Task A_command_cancelled_before_it_is_sent_never_runs()
    {
        await using var client = await TestClients.ConnectAsync();
        var key = TestClients.Key("never");
        using var source = new CancellationTokenSource();
        await source.CancelAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await client.IncrAsync(key, source.Token));
        Assert.That(await client.ExistsAsync(key), Is.False);
    }
}
