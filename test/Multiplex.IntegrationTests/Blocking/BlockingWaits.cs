using System.Diagnostics;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>Bounded polling for the blocking-command tests.</summary>
internal static class BlockingWaits
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>Waits (at most 5 s) until <paramref name="condition"/> holds, then asserts it.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < Limit)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, $"{what} did not happen within {Limit.TotalSeconds:0} s");
    }

    /// <summary>Asserts that <paramref name="pending"/> is still waiting after 100 ms.</summary>
    public static async Task AssertStillBlockedAsync(Task pending)
    {
        await Task.Delay(100);
        Assert.That(pending.IsCompleted, Is.False, "the command returned before anything was added");
    }
}
