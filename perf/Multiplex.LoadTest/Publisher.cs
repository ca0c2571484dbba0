using System.Diagnostics;

namespace Multiplex.LoadTest;

/// <summary>
/// One pub/sub publisher: awaits each PUBLISH before the next, so its messages reach the server in
/// sequence, stamps each with its publish time, and ends with an end marker carrying its count.
/// </summary>
public sealed class Publisher
{
    private readonly RedisClient _client;
    private readonly RedisValue _channel;
    private readonly int _index;
    private readonly byte[] _payload;
    private long _published;

    public Publisher(RedisClient client, RedisValue channel, int index, int payloadSize)
    {
        _client = client;
        _channel = channel;
        _index = index;
        _payload = new byte[Math.Max(payloadSize, PubSubPayload.HeaderSize)];
    }

    /// <summary>Messages published so far in this phase (read by the progress line).</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Publishes until <paramref name="quota"/> messages are sent or the deadline passes, then the end marker.</summary>
    public async Task RunAsync(long quota, long deadlineTimestamp, Task start)
    {
        await start;
        Volatile.Write(ref _published, 0);

        // One buffer for every message: the command is written before its reply completes the
        // await, so the next message never overwrites one still being sent.
        RedisValue payload = _payload;
        long sequence = 0;
        while (sequence < quota && Stopwatch.GetTimestamp() <= deadlineTimestamp)
        {
            PubSubPayload.WriteMessage(_payload, _index, sequence, Stopwatch.GetTimestamp());
            var receivers = await _client.PublishAsync(_channel, payload);
            if (receivers < 1)
            {
                throw new InvalidOperationException($"publisher {_index}: PUBLISH reached no subscriber (message {sequence}).");
            }

            sequence++;
            Volatile.Write(ref _published, sequence);
        }

        PubSubPayload.WriteEnd(_payload, _index, sequence);
        await _client.PublishAsync(_channel, payload);
    }
}
