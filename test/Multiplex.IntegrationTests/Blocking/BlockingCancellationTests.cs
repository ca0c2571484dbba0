using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>
/// Every blocking command on a dedicated connection: cancelling a long block returns at once and the
/// connection comes back in step and is reused; none of them joins a batch. Over RESP3 and RESP2.
/// </summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BlockingCancellationTests(ServerKind kind) : ClientFixture(kind)
{
    private static readonly TimeSpan LongBlock = TimeSpan.FromSeconds(30);

    public static IEnumerable<string> Commands =>
        ["BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREAD BLOCK 0", "XREADGROUP", "XREADGROUP BLOCK 0"];

    [TestCaseSource(nameof(Commands))]
    public async Task Cancelling_a_long_block_returns_within_a_second_and_the_connection_is_reused(string command)
    {
        var key = TestClients.Key("cancel");
        await PrepareAsync(command, key);
        var pool = Client.DedicatedPoolFor(key);
        await Client.BLPopAsync([TestClients.Key("warm")], TimeSpan.FromMilliseconds(10)); // at least one idle connection
        var openBefore = pool.OpenCount;
        var replacedBefore = pool.ReplacedCount;

        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await BlockAsync(command, key, source.Token));
        TestContext.Out.WriteLine($"{command} cancelled after {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));

        // Released by CLIENT UNBLOCK, the connection comes back in step: the next command on it works
        // and nothing new is opened or replaced.
        await BlockingWaits.UntilAsync(() => pool.LeasedCount == 0, "the connection's return to the pool");
        await Client.ExecuteAsync("RPUSH", [$"{key}:after", "after"]);
        Assert.That(await Client.BLPopAsync([$"{key}:after"], TimeSpan.FromSeconds(1)), Is.EqualTo(new ListElement($"{key}:after", "after")));
        Assert.That(pool.ReplacedCount, Is.EqualTo(replacedBefore));
        Assert.That(pool.OpenCount, Is.EqualTo(openBefore));
    }

    [Test]
    public async Task An_element_pushed_as_the_caller_cancels_is_returned_or_stays_in_the_list_never_lost()
    {
        // The push is written on the shared connection before the CLIENT UNBLOCK that the cancellation
        // sends there, so the server usually serves the blocked BLPOP first: its reply is on the way
        // while the caller is already cancelled. That element must reach the caller, not vanish.
        const int Trials = 100;
        var key = TestClients.Key("race");
        var pool = Client.DedicatedPoolFor(key);
        int returned = 0, left = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            using var source = new CancellationTokenSource();
            var pop = Client.BLPopAsync([key], LongBlock, source.Token).AsTask();
            await Task.Delay(5);
            var push = Client.ExecuteAsync("RPUSH", [key, trial]).AsTask();
            await source.CancelAsync();
            try
            {
                var element = await pop;
                Assert.That(element?.Value, Is.EqualTo((RedisValue)trial), "the element returned is the one pushed");
                returned++;
            }
            catch (OperationCanceledException)
            {
            }

            await push;
            await BlockingWaits.UntilAsync(() => pool.LeasedCount == 0, "the connection's return to the pool");
            var remaining = await Client.ExecuteAsync("LPOP", [key]);
            if (!remaining.IsNull)
            {
                Assert.That((long)remaining, Is.EqualTo(trial));
                left++;
            }
        }

        TestContext.Out.WriteLine($"{Trials} pushes racing a cancellation: {returned} returned to the caller, {left} left in the list");
        Assert.That(returned + left, Is.EqualTo(Trials), "an element was popped for a cancelled caller and lost");
    }
    private async Task PrepareAsync(string command, string key)
    {
        if (command.StartsWith("XREADGROUP", StringComparison.Ordinal))
        {
            await Client.XGroupCreateAsync(key, "group", "$", makeStream: true);
        }
    }

    private Task BlockAsync(string command, string key, CancellationToken cancellationToken)
    {
        var client = Client;
        return command switch
        {
            "BLMOVE" => client.BLMoveAsync(key, $"{key}:to", ListSide.Left, ListSide.Right, LongBlock, cancellationToken).AsTask(),
            "BLMPOP" => client.BLMPopAsync([key], ListSide.Left, LongBlock, 2, cancellationToken).AsTask(),
            "BZPOPMIN" => client.BZPopMinAsync([key], LongBlock, cancellationToken).AsTask(),
            "BZPOPMAX" => client.BZPopMaxAsync([key], LongBlock, cancellationToken).AsTask(),
            "BZMPOP" => client.BZMPopAsync([key], SortedSetSide.Max, LongBlock, 2, cancellationToken).AsTask(),
            "XREAD" => client.XReadAsync(key, "$", LongBlock, cancellationToken: cancellationToken).AsTask(),
            "XREAD BLOCK 0" => client.XReadAsync([new StreamPosition(key, "$")], TimeSpan.Zero, cancellationToken: cancellationToken).AsTask(),
            "XREADGROUP" => client.XReadGroupAsync(key, "group", "consumer", LongBlock, cancellationToken: cancellationToken).AsTask(),
            "XREADGROUP BLOCK 0" => client.XReadGroupAsync("group", "consumer", [new StreamPosition(key, ">")], TimeSpan.Zero, cancellationToken: cancellationToken).AsTask(),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command"),
        };
    }
}
