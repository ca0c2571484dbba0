namespace Multiplex;

/// <summary>How a key-prefix view (<see cref="RedisClient.WithKeyPrefix"/>) treats what is not a key.</summary>
public sealed record KeyPrefixOptions
{
    /// <summary>The defaults: keys get the prefix, pub/sub channels do not.</summary>
    public static KeyPrefixOptions Default { get; } = new();

    /// <summary>
    /// Whether pub/sub channel names get the prefix too: the channels of PUBLISH, SPUBLISH, SUBSCRIBE,
    /// SSUBSCRIBE, PUBSUB NUMSUB and SHARDNUMSUB, and at the head of the patterns of PSUBSCRIBE and PUBSUB
    /// CHANNELS and SHARDCHANNELS (escaped, so glob characters in the prefix match themselves). Messages and
    /// PUBSUB replies then name channels without it. Default false: channel names are sent as given
    /// (channels are not keys, and StackExchange.Redis's <c>WithKeyPrefix</c> leaves them alone).
    /// Keyspace notifications are about keys, so they follow the key prefix whatever this says.
    /// </summary>
    public bool PrefixChannels { get; init; }
}
