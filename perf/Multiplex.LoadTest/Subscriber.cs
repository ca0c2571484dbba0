using System.Diagnostics;

namespace Multiplex.LoadTest;

/// <summary>
/// One pub/sub subscriber: reads its subscription until every publisher's end marker arrived,
/// records each delivery's publish-to-read latency, and checks that each publisher's messages
/// arrive complete and in order.
/// </summary>
public sealed class Subscriber
{
    private readonly RedisSubscription _subscription;
    private readonly int _index;
    private readonly long[] _nextSequence;
    private long _received;

    public Subscriber(RedisSubscription subscription, int index, int publishers)
    {
        _subscription = subscription;
        _index = index;
        _nextSequence = new long[publishers];
    }

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Messages received so far in this phase (read by the progress line).</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Messages the subscription's buffer dropped since it was made.</summary>
    public long Dropped => _subscription.DroppedCount;

    /// <summary>The first thing that went wrong in this phase, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Reads until every publisher ended, or until <paramref name="cancellationToken"/> gives up on the rest.</summary>
    /// <remarks>Every await is in this one method, as in <see cref="Caller"/>, so per-delivery allocations are the client's.</remarks>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Histogram.Clear();
        Array.Clear(_nextSequence);
        Failure = null;
        Volatile.Write(ref _received, 0);
        long received = 0;
        var ended = 0;
        try
        {
            await foreach (var message in _subscription.WithCancellation(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                if (!PubSubPayload.TryRead((byte[]?)message.Payload, out var publisher, out var sequence, out var published, out var isEnd)
                    || (uint)publisher >= (uint)_nextSequence.Length)
                {
                    Fail("received a message that is not the load test's");
                    continue;
                }

                if (isEnd)
                {
                    if (_nextSequence[publisher] != sequence)
                    {
                        Fail($"received {_nextSequence[publisher]:N0} of publisher {publisher}'s {sequence:N0} messages");
                    }

                    if (++ended == _nextSequence.Length)
                    {
                        break;
                    }

                    continue;
                }

                if (sequence != _nextSequence[publisher])
                {
                    Fail($"expected message {_nextSequence[publisher]:N0} of publisher {publisher}, received {sequence:N0}");
                }

                _nextSequence[publisher] = sequence + 1;
                Histogram.Record(now - published);
                Volatile.Write(ref _received, ++received);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail($"timed out after {received:N0} messages, with {ended} of {_nextSequence.Length} publishers' end markers");
        }

        if (ended < _nextSequence.Length)
        {
            Fail($"the subscription ended after {received:N0} messages, with {ended} of {_nextSequence.Length} publishers' end markers");
        }
    }

    private void Fail(string reason) => Failure ??= $"subscriber {_index}: {reason}";
}
