using Multiplex.Commands;
using Multiplex.PubSub;
using Multiplex.Protocol;

namespace Multiplex;

/// <summary>
/// Pub/sub: subscriptions as async streams, PUBLISH and SPUBLISH, and the PUBSUB introspection
/// commands (https://redis.io/docs/latest/develop/interact/pubsub/). Under RESP3 subscriptions share
/// the client's first connection (messages arrive as push frames); under RESP2 they get a connection
/// of their own. After a reconnect every subscription is restored before other commands are sent, and
/// its <see cref="RedisSubscription.Restored"/> event says messages may have been missed meanwhile.
/// </summary>
public sealed partial class RedisClient
{
    private static readonly CommandToken Publish = CommandToken.Create("PUBLISH");
    private static readonly CommandToken SPublish = CommandToken.Create("SPUBLISH");
    private static readonly CommandToken PubSub = CommandToken.Create("PUBSUB");
    private static readonly CommandToken PubSubChannels = CommandToken.Create("CHANNELS");
    private static readonly CommandToken PubSubNumSub = CommandToken.Create("NUMSUB");
    private static readonly CommandToken PubSubNumPat = CommandToken.Create("NUMPAT");
    private static readonly CommandToken PubSubShardChannels = CommandToken.Create("SHARDCHANNELS");
    private static readonly CommandToken PubSubShardNumSub = CommandToken.Create("SHARDNUMSUB");

    private static readonly ReplyParser<Dictionary<RedisValue, long>> SubscriberCountsParser = ServerParsers.FromResult(ToSubscriberCounts);

    /// <summary>SUBSCRIBE to one channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Stops waiting for the server's confirmation (the subscription is then undone).</param>
    /// <returns>The subscription, confirmed by the server; read it with <c>await foreach</c>, dispose it to unsubscribe.</returns>
    public Task<RedisSubscription> SubscribeAsync(RedisValue channel, CancellationToken cancellationToken = default) =>
        SubscribeAsync([channel], null, cancellationToken);

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
        var channel = KeyspaceNotification.KeyspaceChannel(database ?? Options.Database, keyPattern);
        return new KeyspaceSubscription(await PSubscribeAsync([channel], options, cancellationToken).ConfigureAwait(false));
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
        return new KeyspaceSubscription(await PSubscribeAsync([channel], options, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>PUBLISH: sends a message to every subscriber of a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many clients received it (in a cluster, only those of the node it went to).</returns>
    public ValueTask<long> PublishAsync(RedisValue channel, RedisValue message, CancellationToken cancellationToken = default) =>
        SendPublish(Publish, channel, message, cancellationToken);

    /// <summary>SPUBLISH: sends a message to every subscriber of a shard channel (Redis 7.0+).</summary>
    /// <param name="channel">The shard channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many clients received it.</returns>
    public ValueTask<long> SPublishAsync(RedisValue channel, RedisValue message, CancellationToken cancellationToken = default) =>
        SendPublish(SPublish, channel, message, cancellationToken);

    /// <summary>PUBSUB CHANNELS: the channels that have at least one subscriber.</summary>
    /// <param name="pattern">Only channels matching this glob pattern; all when null.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The active channels (pattern subscriptions not counted).</returns>
    [RedisCommand("PUBSUB", "CHANNELS")]
    public ValueTask<RedisValue[]> PubSubChannelsAsync(RedisValue? pattern = null, CancellationToken cancellationToken = default) =>
        SendWithOptionalPattern(PubSubChannels, pattern, cancellationToken);

    /// <summary>PUBSUB NUMSUB: how many subscribers each channel has.</summary>
    /// <param name="channels">The channels.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each channel and its subscriber count (pattern subscribers not counted).</returns>
    [RedisCommand("PUBSUB", "NUMSUB")]
    public ValueTask<Dictionary<RedisValue, long>> PubSubNumSubAsync(IReadOnlyList<RedisValue> channels, CancellationToken cancellationToken = default) =>
        SendWithChannels(PubSubNumSub, channels, cancellationToken);

    /// <summary>PUBSUB NUMPAT: how many pattern subscriptions exist, across all clients.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The number of patterns subscribed to.</returns>
    [RedisCommand("PUBSUB", "NUMPAT")]
    public ValueTask<long> PubSubNumPatAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(PubSub).Add(PubSubNumPat), ReplyParsers.Int64, cancellationToken);

    /// <summary>PUBSUB SHARDCHANNELS: the shard channels that have at least one subscriber (Redis 7.0+).</summary>
    /// <param name="pattern">Only shard channels matching this glob pattern; all when null.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The active shard channels.</returns>
    [RedisCommand("PUBSUB", "SHARDCHANNELS")]
    public ValueTask<RedisValue[]> PubSubShardChannelsAsync(RedisValue? pattern = null, CancellationToken cancellationToken = default) =>
        SendWithOptionalPattern(PubSubShardChannels, pattern, cancellationToken);

    /// <summary>PUBSUB SHARDNUMSUB: how many subscribers each shard channel has (Redis 7.0+).</summary>
    /// <param name="channels">The shard channels.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each shard channel and its subscriber count.</returns>
    [RedisCommand("PUBSUB", "SHARDNUMSUB")]
    public ValueTask<Dictionary<RedisValue, long>> PubSubShardNumSubAsync(IReadOnlyList<RedisValue> channels, CancellationToken cancellationToken = default) =>
        SendWithChannels(PubSubShardNumSub, channels, cancellationToken);

    /// <summary>The connection carrying the subscriptions, once there was one (for tests and diagnostics).</summary>
    internal Connections.Connection? SubscriptionConnection => _pubSub.Connection;

    private Task<RedisSubscription> SubscribeCoreAsync(SubscriptionKind kind, IReadOnlyList<RedisValue> names, SubscriptionOptions? options, CancellationToken cancellationToken)
    {
        ThrowIfInvalidValues(PubSubHub.SubscribeToken(kind), names, allowEmpty: false, nameof(names));

        if (_sink is not null)
        {
            throw new InvalidOperationException($"A subscription cannot be made inside {_sink.Description}; call SubscribeAsync on the client.");
        }

        options ??= SubscriptionOptions.Default;
        options.Validate();
        // A name given twice would otherwise deliver each of its messages twice.
        return _pubSub.SubscribeAsync(kind, [.. names.Distinct()], options, cancellationToken);
    }

    private ValueTask<long> SendPublish(CommandToken command, in RedisValue channel, in RedisValue message, CancellationToken cancellationToken)
    {
        ThrowIfNullValue(command, channel, nameof(channel));
        ThrowIfNullValue(command, message, nameof(message));
        return SendArguments(new CommandArgumentList(command).Add(channel).Add(message), ReplyParsers.Int64, cancellationToken);
    }

    private ValueTask<RedisValue[]> SendWithOptionalPattern(CommandToken subcommand, RedisValue? pattern, CancellationToken cancellationToken)
    {
        var arguments = new CommandArgumentList(PubSub).Add(subcommand);
        if (pattern is { IsNull: false } glob)
        {
            arguments.Add(glob);
        }

        return SendArguments(arguments, ReplyParsers.Values, cancellationToken);
    }

    private ValueTask<Dictionary<RedisValue, long>> SendWithChannels(CommandToken subcommand, IReadOnlyList<RedisValue> channels, CancellationToken cancellationToken)
    {
        ThrowIfInvalidValues(subcommand, channels, allowEmpty: true, nameof(channels));
        var arguments = new CommandArgumentList(PubSub).Add(subcommand);
        foreach (var channel in channels)
        {
            arguments.Add(channel);
        }

        return SendArguments(arguments, SubscriberCountsParser, cancellationToken);
    }

    private static Dictionary<RedisValue, long> ToSubscriberCounts(RedisResult result)
    {
        var counts = new Dictionary<RedisValue, long>();
        if (result.MapEntries is { } entries)
        {
            foreach (var (channel, count) in entries)
            {
                counts[channel.Value] = (long)count;
            }

            return counts;
        }

        for (var i = 0; i + 1 < result.Count; i += 2)
        {
            counts[result[i].Value] = (long)result[i + 1];
        }

        return counts;
    }
}
