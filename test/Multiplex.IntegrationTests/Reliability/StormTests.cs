using Multiplex.Stress.Storm;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Reliability;

/// <summary>
/// A short storm on every CI run (the long ones: <c>Multiplex.Stress storm --minutes N</c>): 1,000
/// callers, cancellations, 1–5 ms timeouts, CLIENT PAUSE, CLIENT KILL and DEBUG SLEEP, with every reply
/// checked against its own key and nonce.
/// </summary>
[NonParallelizable]
public sealed class StormTests
{
    private static readonly TimeSpan StormLength = TimeSpan.FromSeconds(6);

    [Test]
    public async Task A_short_storm_delivers_every_reply_to_its_own_caller()
    {
        var server = await SharedServers.StandaloneAsync();
        var result = await StormRunner.RunAsync(new StormOptions
        {
            Port = server.Port,
            Duration = StormLength,
            PauseEvery = TimeSpan.FromMilliseconds(500),
            KillEvery = TimeSpan.FromMilliseconds(700),
            SleepEvery = TimeSpan.FromSeconds(1),
            Seed = TestContext.CurrentContext.Random.Next(),
        });

        TestContext.Out.Write(result.Counters.Table(result.Elapsed));
        Assert.That(result.Misdeliveries.Concat(result.UnexpectedErrors), Is.Empty,
            () => string.Join('\n', result.LastEvents.TakeLast(50)));
        Assert.That(result.Counters.Misdelivered, Is.Zero);
        Assert.That(result.Counters.Completed, Is.GreaterThan(1000), "the storm barely ran");
        Assert.That(result.Counters.CancelledAfterSend, Is.GreaterThan(0), "nothing was cancelled after being sent, so tombstones were not tested");
        Assert.That(result.Counters.TimedOutAfterSend, Is.GreaterThan(0), "nothing timed out after being sent, so timeouts were not tested");
        Assert.That(result.Counters.Kills, Is.GreaterThan(0), "no connection was killed");
        Assert.That(result.Counters.Reconnects, Is.GreaterThan(0), "no reconnect happened");
    }
}
