namespace Multiplex.Views;

/// <summary>
/// How a view that prefixes channels takes its prefix off the channels a PUBSUB reply names (CHANNELS and
/// SHARDCHANNELS list them; NUMSUB and SHARDNUMSUB count subscribers per channel). Applied by command,
/// since other commands reply with the same types.
/// </summary>
/// <typeparam name="T">A reply parser's result type.</typeparam>
internal static class ChannelReplies<T>
{
    /// <summary>Strips the channel prefix; null when <typeparamref name="T"/> is not a PUBSUB reply type.</summary>
    public static readonly Func<KeyPrefixer, T, T>? Strip = Create();

    private static Func<KeyPrefixer, T, T>? Create()
    {
        if (typeof(T) == typeof(RedisValue[]))
        {
            return (Func<KeyPrefixer, T, T>)(object)(Func<KeyPrefixer, RedisValue[], RedisValue[]>)((prefix, channels) =>
            {
                for (var i = 0; i < channels.Length; i++)
                {
                    channels[i] = prefix.StripChannel(channels[i], pattern: false);
                }

                return channels;
            });
        }

        if (typeof(T) == typeof(Dictionary<RedisValue, long>))
        {
            return (Func<KeyPrefixer, T, T>)(object)(Func<KeyPrefixer, Dictionary<RedisValue, long>, Dictionary<RedisValue, long>>)((prefix, counts) =>
                counts.ToDictionary(entry => prefix.StripChannel(entry.Key, pattern: false), entry => entry.Value));
        }

        return null;
    }
}
