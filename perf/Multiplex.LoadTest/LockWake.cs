using System.Diagnostics;
using System.Globalization;

namespace Multiplex.LoadTest;

/// <summary>
/// The distributed lock's hand-off latency (--lock-wake): a holder on one client releases, a waiter on a
/// second client, subscribed to the lock's release channel, takes the lock. Measured from just before
/// the release is sent to the waiter's acquisition returning; the waiters' fallback interval is 1 s, so
/// a hand-off that missed its notification shows up as a delay of about a second.
/// </summary>
public static class LockWake
{
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    // The first hand-offs compile the paths they take; they are not counted.
    private const int WarmupRounds = 50;

    // A waiter is waiting once the release channel has its subscriber; polled this often.
    private static readonly TimeSpan SubscribedPoll = TimeSpan.FromMilliseconds(1);

    public static async Task RunAsync(LoadTestOptions options, (string Host, int Port) endpoint)
    {
        var clientOptions = new RedisClientOptions { Endpoints = [RedisEndpoint.Tcp(endpoint.Host, endpoint.Port)], Protocol = options.Protocol };
        await using var holderClient = await RedisClient.ConnectAsync(clientOptions);
        await using var waiterClient = await RedisClient.ConnectAsync(clientOptions);
        var rounds = (int)Math.Min((options.Operations ?? 2_000) + WarmupRounds, int.MaxValue);
        var name = $"loadtest:lock:{Guid.NewGuid():N}";
        RedisValue channel = "__multiplex_lock__:" + name + ":released";
        var lockOptions = new LockOptions { RetryInterval = Fallback, WaitTime = TimeSpan.FromSeconds(30), LeaseTime = TimeSpan.FromSeconds(30) };
        var histogram = new LatencyHistogram();
        var fallbacks = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(options.MaxSeconds));
        var started = Stopwatch.GetTimestamp();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lock hand-off: {rounds - WarmupRounds} rounds (at most {options.MaxSeconds:0} s), holder and waiter on separate clients, protocol {holderClient.Protocol}, fallback interval {Fallback.TotalMilliseconds:0} ms"));
        var round = 0;
        for (; round < rounds && !limit.IsCancellationRequested; round++)
        {
            var held = await holderClient.AcquireLockAsync(name, lockOptions, limit.Token);
            var waiter = waiterClient.AcquireLockAsync(name, lockOptions, limit.Token);
            while ((await holderClient.PubSubNumSubAsync([channel], limit.Token)).GetValueOrDefault(channel) == 0 && !waiter.IsCompleted)
            {
                await Task.Delay(SubscribedPoll, limit.Token);
            }

            var releasedAt = Stopwatch.GetTimestamp();
            await held.ReleaseAsync(limit.Token);
            var next = await waiter;
            var elapsed = Stopwatch.GetTimestamp() - releasedAt;
            if (round < WarmupRounds)
            {
                await next.ReleaseAsync(limit.Token);
                continue;
            }

            histogram.Record(elapsed);
            if (Stopwatch.GetElapsedTime(0, elapsed) >= Fallback * 0.9)
            {
                fallbacks++;
            }

            await next.ReleaseAsync(limit.Token);
        }

        static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{histogram.Count} hand-offs (after {WarmupRounds} not counted) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: release to waiter holding the lock p50 {Ms(histogram.Percentile(0.5))} ms, p90 {Ms(histogram.Percentile(0.9))} ms, p99 {Ms(histogram.Percentile(0.99))} ms, p99.9 {Ms(histogram.Percentile(0.999))} ms, max {Ms(histogram.Percentile(1))} ms; woken by the fallback instead of the notification: {fallbacks}"));
    }
}
