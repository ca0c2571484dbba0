using Multiplex.Commands;
using Multiplex.PubSub;

namespace Multiplex;

/// <summary>PUBLISH, SPUBLISH and the PUBSUB introspection commands (subscribing is on <see cref="RedisClient"/>).</summary>
public abstract partial class RedisCommands
{
    private static readonly ReplyParser<Dictionary<RedisValue, long>> SubscriberCountsParser = ServerParsers.FromResult(ToSubscriberCounts);

    /// <summary>PUBLISH: sends a message to every subscriber of a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many clients received it (in a cluster, only those of the node it went to).</returns>
    public ValueTask<long> PublishAsync(RedisValue channel, RedisValue message, CancellationToken cancellationToken = default) =>
        SendPublish(PubSubTokens.Publish, channel, message, cancellationToken);

    /// <summary>SPUBLISH: sends a message to every subscriber of a shard channel (Redis 7.0+).</summary>
    /// <param name="channel">The shard channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>How many clients received it.</returns>
    public ValueTask<long> SPublishAsync(RedisValue channel, RedisValue message, CancellationToken cancellationToken = default) =>
        SendPublish(PubSubTokens.SPublish, channel, message, cancellationToken);

    /// <summary>PUBSUB CHANNELS: the channels that have at least one subscriber.</summary>
    /// <param name="pattern">Only channels matching this glob pattern; all when null.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The active channels (pattern subscriptions not counted).</returns>
    [RedisCommand("PUBSUB", "CHANNELS")]
    public ValueTask<RedisValue[]> PubSubChannelsAsync(RedisValue? pattern = null, CancellationToken cancellationToken = default) =>
        SendWithOptionalPattern(PubSubTokens.Channels, pattern, cancellationToken);

    /// <summary>PUBSUB NUMSUB: how many subscribers each channel has.</summary>
    /// <param name="channels">The channels.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each channel and its subscriber count (pattern subscribers not counted).</returns>
    [RedisCommand("PUBSUB", "NUMSUB")]
    public ValueTask<Dictionary<RedisValue, long>> PubSubNumSubAsync(IReadOnlyList<RedisValue> channels, CancellationToken cancellationToken = default) =>
        SendWithChannels(PubSubTokens.NumSub, channels, cancellationToken);

    /// <summary>PUBSUB NUMPAT: how many pattern subscriptions exist, across all clients.</summary>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The number of patterns subscribed to.</returns>
    [RedisCommand("PUBSUB", "NUMPAT")]
    public ValueTask<long> PubSubNumPatAsync(CancellationToken cancellationToken = default) =>
        SendArguments(new CommandArgumentList(PubSubTokens.NumPat), ReplyParsers.Int64, cancellationToken);

    /// <summary>PUBSUB SHARDCHANNELS: the shard channels that have at least one subscriber (Redis 7.0+).</summary>
    /// <param name="pattern">Only shard channels matching this glob pattern; all when null.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>The active shard channels.</returns>
    [RedisCommand("PUBSUB", "SHARDCHANNELS")]
    public ValueTask<RedisValue[]> PubSubShardChannelsAsync(RedisValue? pattern = null, CancellationToken cancellationToken = default) =>
        SendWithOptionalPattern(PubSubTokens.ShardChannels, pattern, cancellationToken);

    /// <summary>PUBSUB SHARDNUMSUB: how many subscribers each shard channel has (Redis 7.0+).</summary>
    /// <param name="channels">The shard channels.</param>
    /// <param name="cancellationToken">Releases the caller; a command already sent still runs.</param>
    /// <returns>Each shard channel and its subscriber count.</returns>
    [RedisCommand("PUBSUB", "SHARDNUMSUB")]
    public ValueTask<Dictionary<RedisValue, long>> PubSubShardNumSubAsync(IReadOnlyList<RedisValue> channels, CancellationToken cancellationToken = default) =>
        SendWithChannels(PubSubTokens.ShardNumSub, channels, cancellationToken);

    private ValueTask<long> SendPublish(CommandSpec command, in RedisValue channel, in RedisValue message, CancellationToken cancellationToken)
    {
        ThrowIfNullValue(command, channel, nameof(channel));
        ThrowIfNullValue(command, message, nameof(message));
        return SendArguments(new CommandArgumentList(command).Add(channel).Add(message), ReplyParsers.Int64, cancellationToken);
    }

    private ValueTask<RedisValue[]> SendWithOptionalPattern(CommandSpec subcommand, RedisValue? pattern, CancellationToken cancellationToken)
    {
        var arguments = new CommandArgumentList(subcommand);
        if (pattern is { IsNull: false } glob)
        {
            arguments.Add(glob);
        }

        return SendArguments(arguments, ReplyParsers.Values, cancellationToken);
    }

    private ValueTask<Dictionary<RedisValue, long>> SendWithChannels(CommandSpec subcommand, IReadOnlyList<RedisValue> channels, CancellationToken cancellationToken)
    {
        ThrowIfInvalidValues(subcommand, channels, allowEmpty: true, nameof(channels));
        var arguments = new CommandArgumentList(subcommand);
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
