using System.Threading.Channels;
using Multiplex.Diagnostics;
using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// A live subscription to channels, patterns or shard channels: read it with <c>await foreach</c>,
/// dispose it to unsubscribe. Messages wait in a bounded buffer; when the consumer falls behind, the
/// buffer drops messages by its <see cref="SubscriptionFullMode"/> and counts them, and the
/// connection's reader never waits. After a reconnect the subscription is restored by the client and
/// <see cref="Restored"/> says that messages may have been missed in between.
/// </summary>
public sealed class RedisSubscription : IAsyncEnumerable<RedisMessage>, IAsyncDisposable
{
    private readonly Channel<RedisMessage> _buffer;
    private readonly Func<RedisSubscription, ValueTask> _unsubscribe;
    private long _dropped;
    private long _lastRestoredTicks;
    private int _dropNotificationQueued;
    private int _enumerating;
    private int _disposed;
    private KeyPrefixer? _prefixer;
    private IReadOnlyList<RedisValue>? _names;

    internal RedisSubscription(SubscriptionKind kind, IReadOnlyList<RedisValue> names, SubscriptionOptions options, Func<RedisSubscription, ValueTask> unsubscribe)
    {
        Kind = kind;
        ServerNames = names;
        _unsubscribe = unsubscribe;
        var channelOptions = new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            AllowSynchronousContinuations = false, // the consumer's code never runs on the reader loop
            FullMode = options.FullMode == SubscriptionFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.DropWrite,
        };
        _buffer = Channel.CreateBounded<RedisMessage>(channelOptions, _ => OnDropped());
    }

    /// <summary>Raised (on the thread pool) after messages were dropped because the buffer was full.</summary>
    public event EventHandler<SubscriptionDroppedEventArgs>? MessagesDropped;

    /// <summary>Raised (on the thread pool) when the subscription was restored after a reconnect.</summary>
    public event EventHandler<SubscriptionRestoredEventArgs>? Restored;

    /// <summary>Channels, patterns or shard channels.</summary>
    public SubscriptionKind Kind { get; }

    /// <summary>The channels (or patterns) this subscription receives, as they were given (through a key-prefix view that prefixes channels, without the prefix).</summary>
    public IReadOnlyList<RedisValue> Names => _names ?? ServerNames;

    /// <summary>The channels (or patterns) as the server knows them.</summary>
    internal IReadOnlyList<RedisValue> ServerNames { get; }

    /// <summary>How many messages were dropped because the consumer fell behind.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>
    /// When the subscription was last restored after a lost connection (messages published while it
    /// was down were missed); null if it never had to be.
    /// </summary>
    public DateTimeOffset? LastRestoredAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastRestoredTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Messages buffered and not yet read.</summary>
    public int BufferedCount => _buffer.Reader.Count;

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Reads messages until the subscription is disposed. One reader at a time.</summary>
    /// <param name="cancellationToken">Stops this enumeration (the subscription stays).</param>
    /// <returns>The messages, in the order the server sent them.</returns>
    public async IAsyncEnumerator<RedisMessage> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerating, 1) != 0)
        {
            throw new InvalidOperationException("A subscription has one reader at a time; subscribe again for a second consumer.");
        }

        try
        {
            var reader = _buffer.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    yield return _prefixer is { } prefixer
                        ? new RedisMessage(prefixer.StripChannel(message.Channel, pattern: false), message.Payload, prefixer.StripChannel(message.Pattern, pattern: true))
                        : message;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _enumerating, 0);
        }
    }

    /// <summary>Unsubscribes (on the server when this was the last local subscriber) and ends enumeration.</summary>
    /// <returns>A task that completes when the server confirmed, or the connection is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _buffer.Writer.TryComplete();
        await _unsubscribe(this).ConfigureAwait(false);
    }

    /// <summary>
    /// Shows the subscription as a view that prefixes channels made it: <paramref name="names"/> as given,
    /// and messages' channels and patterns without the prefix. Called before the caller gets the subscription.
    /// </summary>
    internal void ShowThrough(KeyPrefixer prefixer, IReadOnlyList<RedisValue> names)
    {
        _prefixer = prefixer;
        _names = names;
    }

    /// <summary>Called by the connection's reader: never blocks.</summary>
    internal void Deliver(in RedisMessage message)
    {
        Instrumentation.RecordMessage(Instrumentation.MessagesReceived, Kind);
        _buffer.Writer.TryWrite(message);
    }

    /// <summary>Ends enumeration because the client is gone.</summary>
    internal void Close(Exception? error) => _buffer.Writer.TryComplete(error);

    /// <summary>Records a restore after a reconnect and tells the consumer, off the reader loop.</summary>
    internal void OnRestored(DateTimeOffset restoredAt)
    {
        Interlocked.Exchange(ref _lastRestoredTicks, restoredAt.UtcTicks);
        if (Restored is not null)
        {
            ThreadPool.QueueUserWorkItem(static state => state.Subscription.Restored?.Invoke(state.Subscription, new SubscriptionRestoredEventArgs(state.At)), (Subscription: this, At: restoredAt), preferLocal: false);
        }
    }

    private void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        Instrumentation.RecordMessage(Instrumentation.MessagesDropped, Kind);

        // One notification in flight at a time: a slow consumer under a flood would otherwise queue
        // one work item per dropped message.
        if (MessagesDropped is not null && Interlocked.Exchange(ref _dropNotificationQueued, 1) == 0)
        {
            ThreadPool.QueueUserWorkItem(
                static subscription =>
                {
                    Volatile.Write(ref subscription._dropNotificationQueued, 0);
                    subscription.MessagesDropped?.Invoke(subscription, new SubscriptionDroppedEventArgs(subscription.DroppedCount));
                },
                this,
                preferLocal: false);
        }
    }
}
