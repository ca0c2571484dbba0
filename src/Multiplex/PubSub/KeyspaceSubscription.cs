using Multiplex.Views;

namespace Multiplex;

/// <summary>
/// A subscription to keyspace notifications, read as typed <see cref="KeyspaceNotification"/>s with
/// <c>await foreach</c>; dispose it to unsubscribe. The server only sends notifications when its
/// <c>notify-keyspace-events</c> setting enables them (for example <c>CONFIG SET notify-keyspace-events KEA</c>);
/// the client does not change that setting. Made through a key-prefix view, it hears only of the view's
/// keys, and names them without the prefix.
/// </summary>
public sealed class KeyspaceSubscription : IAsyncEnumerable<KeyspaceNotification>, IAsyncDisposable
{
    private readonly KeyPrefixer? _prefixer;

    internal KeyspaceSubscription(RedisSubscription subscription, KeyPrefixer? prefixer)
    {
        Subscription = subscription;
        _prefixer = prefixer;
    }

    /// <summary>The underlying pattern subscription: its buffer, drop count and restore events.</summary>
    public RedisSubscription Subscription { get; }

    /// <summary>Reads notifications until the subscription is disposed. One reader at a time.</summary>
    /// <param name="cancellationToken">Stops this enumeration (the subscription stays).</param>
    /// <returns>The notifications, in the order the server sent them.</returns>
    public async IAsyncEnumerator<KeyspaceNotification> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var message in Subscription.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!KeyspaceNotification.TryParse(message, out var notification))
            {
                continue;
            }

            if (_prefixer is null)
            {
                yield return notification;
            }
            else if (((byte[])notification.Key!).AsSpan().StartsWith(_prefixer.Key))
            {
                // A keyevent channel carries every key's events: the view's keys only, without the prefix.
                yield return notification with { Key = _prefixer.Strip(notification.Key) };
            }
        }
    }

    /// <summary>Unsubscribes (on the server when this was the last local subscriber) and ends enumeration.</summary>
    /// <returns>A task that completes when the server confirmed, or the connection is gone.</returns>
    public ValueTask DisposeAsync() => Subscription.DisposeAsync();
}
