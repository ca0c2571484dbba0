using System.Diagnostics;

namespace Multiplex.LoadTest;

/// <summary>
/// Runs the pub/sub fan-out workload: publishers on the load test's client, subscribers on a client of
/// their own (so publishing and delivery share no connection), all on one channel. Every message is
/// delivered to every subscriber; its latency is from publish to the subscriber reading it.
/// </summary>
public sealed class PubSubRunner(RedisClient publishingClient, RedisClientOptions clientOptions, ServerProbe probe, TimeSpan warmup, TimeSpan maxDuration)
{
    // After the publishers stop, subscribers get this long to read what is buffered and every end marker.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    // The progress line is redrawn at this period while a run is going (as in LoadRunner).
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(1);

    public async Task<RunResult> RunAsync(RunSpec spec, string label)
    {
        await using var subscriberClient = await RedisClient.ConnectAsync(clientOptions);
        RedisValue channel = $"loadtest:pubsub:{Guid.NewGuid():N}";
        var subscriptionOptions = new SubscriptionOptions { Capacity = spec.SubscriberCapacity };
        var subscriptions = new List<RedisSubscription>(spec.Subscribers);
        try
        {
            var subscribers = new Subscriber[spec.Subscribers];
            for (var i = 0; i < subscribers.Length; i++)
            {
                var subscription = await subscriberClient.SubscribeAsync([channel], subscriptionOptions);
                subscriptions.Add(subscription);
                subscribers[i] = new Subscriber(subscription, i, spec.Callers);
            }

            var publishers = new Publisher[spec.Callers];
            for (var i = 0; i < publishers.Length; i++)
            {
                publishers[i] = new Publisher(publishingClient, channel, i, spec.ValueSize);
            }

            if (warmup > TimeSpan.Zero)
            {
                await RunPhaseAsync(publishers, subscribers, long.MaxValue, warmup, label + " warm-up");
            }

            var quota = Math.Max(1, spec.Operations / spec.Callers);
            var before = await probe.SampleAsync(spec.MeasureServer);
            var droppedBefore = subscribers.Sum(subscriber => subscriber.Dropped);
            var meter = ProcessCost.Start();
            var elapsed = await RunPhaseAsync(publishers, subscribers, quota, maxDuration, label);
            var cost = meter.Stop();
            var after = await probe.SampleAsync(spec.MeasureServer);
            var dropped = subscribers.Sum(subscriber => subscriber.Dropped) - droppedBefore;

            var histogram = new LatencyHistogram();
            long deliveries = 0;
            foreach (var subscriber in subscribers)
            {
                histogram.Add(subscriber.Histogram);
                deliveries += subscriber.Received;
            }

            var published = publishers.Sum(publisher => publisher.Published);
            return new RunResult(
                deliveries,
                elapsed,
                histogram.Percentile(0.50),
                histogram.Percentile(0.99),
                histogram.Percentile(0.999),
                deliveries == 0 ? 0 : cost.AllocatedBytes / (double)deliveries,
                cost.Gen0,
                cost.Gen1,
                cost.Gen2,
                cost.Cpu)
            {
                Server = ServerUsage.Between(before, after),
                PubSub = new PubSubUsage(publishers.Length, subscribers.Length, published, dropped, Math.Max(spec.ValueSize, PubSubPayload.HeaderSize), elapsed),
            };
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    /// <summary>Publishes until each publisher's quota or the time limit, and waits until every subscriber read everything.</summary>
    /// <returns>The time from the first publish to the last delivery.</returns>
    private static async Task<TimeSpan> RunPhaseAsync(Publisher[] publishers, Subscriber[] subscribers, long quota, TimeSpan limit, string label)
    {
        using var drain = new CancellationTokenSource();
        var reading = Task.WhenAll(subscribers.Select(subscriber => subscriber.RunAsync(drain.Token)));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var publishing = Task.WhenAll(publishers.Select(publisher => publisher.RunAsync(quota, deadline, start.Task)));
        var started = Stopwatch.GetTimestamp();
        start.SetResult();
        var target = quota == long.MaxValue ? 0 : quota * publishers.Length * subscribers.Length;
        var draining = false;
        while (!reading.IsCompleted)
        {
            await Task.WhenAny(reading, draining ? reading : publishing, Task.Delay(ProgressPeriod));
            if (!draining && publishing.IsCompleted)
            {
                // Publishers are done: subscribers get a bounded time to catch up, none if publishing failed.
                drain.CancelAfter(publishing.IsCompletedSuccessfully ? DrainTimeout : TimeSpan.Zero);
                draining = true;
            }

            Progress.Show(label + " (deliveries)", subscribers.Sum(subscriber => subscriber.Received), target, Stopwatch.GetElapsedTime(started));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Progress.Clear();
        await publishing; // surfaces the first publisher failure
        await reading;
        var published = publishers.Sum(publisher => publisher.Published);
        var failure = subscribers.Select(subscriber => subscriber.Failure).FirstOrDefault(failure => failure is not null)
            ?? subscribers.Where(subscriber => subscriber.Received != published)
                .Select(subscriber => $"subscriber received {subscriber.Received:N0} of {published:N0} messages")
                .FirstOrDefault();
        if (failure is not null)
        {
            var dropped = subscribers.Sum(subscriber => subscriber.Dropped);
            throw new InvalidOperationException($"{label}: {failure} ({dropped:N0} dropped by subscription buffers in total).");
        }

        return elapsed;
    }
}
