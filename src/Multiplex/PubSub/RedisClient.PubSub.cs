using System.Text;
using Multiplex.PubSub;

namespace Multiplex;

/// <summary>
/// Pub/sub subscriptions as async streams (https://redis.io/docs/latest/develop/interact/pubsub/);
/// PUBLISH, SPUBLISH and PUBSUB are on <see cref="RedisCommands"/>. Under RESP3 subscriptions share
/// the client's first connection (messages arrive as push frames); under RESP2 they get a connection
/// of their own. After a reconnect every subscription is restored before other commands are sent, and
/// its <see cref="RedisSubscription.Restored"/> event says messages may have been missed meanwhile.
/// Through a key-prefix view made with <see cref="KeyPrefixOptions.PrefixChannels"/>, channels (and the
/// heads of patterns) get the prefix and messages name them without it; keyspace notifications follow a
/// view's key prefix whatever that option says.
/// </summary>
public sealed partial class RedisClient
{
    /// <summary>SUBSCRIBE to one channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server; read it with <c>await foreach</c>, dispose it to unsubscribe.</returns>
    public Task<RedisSubscription> SubscribeAsync(RedisValue channel, CancellationToken cancellationToken = default) =>
        SubscribeAsync([channel], null, cancellationToken);

    /// <summary>SUBSCRIBE to one channel, buffering by <paramref name="options"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server; read it with <c>await foreach</c>, dispose it to unsubscribe.</returns>
    public Task<RedisSubscription> SubscribeAsync(RedisValue channel, SubscriptionOptions? options, CancellationToken cancellationToken = default) =>
        SubscribeAsync([channel], options, cancellationToken);

    /// <summary>SUBSCRIBE to channels, as one subscription that receives the messages of all of them.</summary>
    /// <param name="channels">The channels (at least one, none null).</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server; read it with <c>await foreach</c>, dispose it to unsubscribe.</returns>
    public Task<RedisSubscription> SubscribeAsync(IReadOnlyList<RedisValue> channels, SubscriptionOptions? options = null, CancellationToken cancellationToken = default) =>
        SubscribeCoreAsync(SubscriptionKind.Channel, channels, options, cancellationToken);

    /// <summary>PSUBSCRIBE to one glob-style pattern.</summary>
    /// <param name="pattern">The pattern, for example <c>news.*</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription; each message carries the pattern that matched in <see cref="RedisMessage.Pattern"/>.</returns>
    public Task<RedisSubscription> PSubscribeAsync(RedisValue pattern, CancellationToken cancellationToken = default) =>
        PSubscribeAsync([pattern], null, cancellationToken);

    /// <summary>PSUBSCRIBE to one glob-style pattern, buffering by <paramref name="options"/>.</summary>
    /// <param name="pattern">The pattern, for example <c>news.*</c>.</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription; each message carries the pattern that matched in <see cref="RedisMessage.Pattern"/>.</returns>
    public Task<RedisSubscription> PSubscribeAsync(RedisValue pattern, SubscriptionOptions? options, CancellationToken cancellationToken = default) =>
        PSubscribeAsync([pattern], options, cancellationToken);

    /// <summary>PSUBSCRIBE to glob-style patterns, as one subscription.</summary>
    /// <param name="patterns">The patterns (at least one, none null).</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription; each message carries the pattern that matched in <see cref="RedisMessage.Pattern"/>.</returns>
    public Task<RedisSubscription> PSubscribeAsync(IReadOnlyList<RedisValue> patterns, SubscriptionOptions? options = null, CancellationToken cancellationToken = default) =>
        SubscribeCoreAsync(SubscriptionKind.Pattern, patterns, options, cancellationToken);

    /// <summary>SSUBSCRIBE to one shard channel (Redis 7.0+).</summary>
    /// <param name="channel">The shard channel.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server.</returns>
    public Task<RedisSubscription> SSubscribeAsync(RedisValue channel, CancellationToken cancellationToken = default) =>
        SSubscribeAsync([channel], null, cancellationToken);

    /// <summary>SSUBSCRIBE to one shard channel (Redis 7.0+), buffering by <paramref name="options"/>.</summary>
    /// <param name="channel">The shard channel.</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server.</returns>
    public Task<RedisSubscription> SSubscribeAsync(RedisValue channel, SubscriptionOptions? options, CancellationToken cancellationToken = default) =>
        SSubscribeAsync([channel], options, cancellationToken);

    /// <summary>SSUBSCRIBE to shard channels (Redis 7.0+), as one subscription.</summary>
    /// <param name="channels">The shard channels (at least one, none null).</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server.</returns>
    public Task<RedisSubscription> SSubscribeAsync(IReadOnlyList<RedisValue> channels, SubscriptionOptions? options = null, CancellationToken cancellationToken = default) =>
        SubscribeCoreAsync(SubscriptionKind.Shard, channels, options, cancellationToken);

    /// <summary>
    /// Subscribes to keyspace notifications (<c>__keyspace@db__:key</c>) for keys matching a pattern:
    /// each notification says which event (<c>set</c>, <c>del</c>, <c>expired</c>, …) happened to which key.
    /// The server must have notifications enabled (<c>notify-keyspace-events</c>, for example <c>KEA</c>);
    /// this method does not change that setting.
    /// </summary>
    /// <param name="keyPattern">A key, or a glob pattern of keys (glob characters in a key match as globs).</param>
    /// <param name="database">The database to watch; the client's <see cref="RedisClientOptions.Database"/> when null.</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation.</param>
    /// <returns>The notifications, as a stream; dispose it to unsubscribe.</returns>
    public async Task<KeyspaceSubscription> SubscribeKeyspaceAsync(string keyPattern, int? database = null, SubscriptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPattern);
        var pattern = Prefixer is { } prefixer ? Encoding.UTF8.GetString(prefixer.KeyPattern) + keyPattern : keyPattern;
        var channel = KeyspaceNotification.KeyspaceChannel(database ?? Options.Database, pattern);
        return new KeyspaceSubscription(await SubscribeCoreAsync(SubscriptionKind.Pattern, [channel], options, cancellationToken, asGiven: true).ConfigureAwait(false), Prefixer);
    }

    /// <summary>
    /// Subscribes to keyevent notifications (<c>__keyevent@db__:event</c>) for one event, or a glob of
    /// events, on any key. The server must have notifications enabled (<c>notify-keyspace-events</c>);
    /// this method does not change that setting.
    /// </summary>
    /// <param name="eventPattern">An event such as <c>expired</c> or <c>set</c>, or a glob pattern such as <c>*</c>.</param>
    /// <param name="database">The database to watch; the client's <see cref="RedisClientOptions.Database"/> when null.</param>
    /// <param name="options">Buffering; <see cref="SubscriptionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation.</param>
    /// <returns>The notifications, as a stream; dispose it to unsubscribe.</returns>
    public async Task<KeyspaceSubscription> SubscribeKeyeventAsync(string eventPattern, int? database = null, SubscriptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventPattern);
        var channel = KeyspaceNotification.KeyeventChannel(database ?? Options.Database, eventPattern);
        return new KeyspaceSubscription(await SubscribeCoreAsync(SubscriptionKind.Pattern, [channel], options, cancellationToken, asGiven: true).ConfigureAwait(false), Prefixer);
    }

    /// <summary>The connection carrying the subscriptions, once there was one (for tests and diagnostics).</summary>
    internal Connections.Connection? SubscriptionConnection => _pubSub.Connection;

    /// <summary>Subscribes to <paramref name="names"/>: with a view's channel prefix, unless <paramref name="asGiven"/> (keyspace channels).</summary>
    private Task<RedisSubscription> SubscribeCoreAsync(
        SubscriptionKind kind, IReadOnlyList<RedisValue> names, SubscriptionOptions? options, CancellationToken cancellationToken, bool asGiven = false)
    {
        ThrowIfInvalidValues(PubSubHub.SubscribeToken(kind), names, allowEmpty: false, nameof(names));
        options ??= SubscriptionOptions.Default;
        options.Validate();

        // A name given twice would otherwise deliver each of its messages twice.
        RedisValue[] distinct = [.. names.Distinct()];
        return !asGiven && Prefixer is { PrefixesChannels: true } prefixer
            ? SubscribePrefixedAsync(kind, distinct, prefixer, options, cancellationToken)
            : _pubSub.SubscribeAsync(kind, distinct, options, cancellationToken);
    }

    private async Task<RedisSubscription> SubscribePrefixedAsync(
        SubscriptionKind kind, RedisValue[] names, Views.KeyPrefixer prefixer, SubscriptionOptions options, CancellationToken cancellationToken)
    {
        var pattern = kind == SubscriptionKind.Pattern;
        var subscription = await _pubSub.SubscribeAsync(kind, [.. names.Select(name => prefixer.PrependChannel(name, pattern))], options, cancellationToken)
            .ConfigureAwait(false);
        subscription.ShowThrough(prefixer, names);
        return subscription;
    }
}
