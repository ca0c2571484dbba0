using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Views;

/// <summary>
/// The prefix of a key-prefix view (<see cref="RedisClient.WithKeyPrefix"/>): it rewrites each encoded
/// command so that its keys, key patterns and (by option) channels carry the prefix, refuses the commands
/// that reach keys they do not name, and strips the prefix from the keys replies name. Nested views
/// compose into one prefixer, so a command is rewritten once.
/// </summary>
internal sealed class KeyPrefixer : IReplyTransform
{
    private KeyPrefixer(byte[] key, byte[] channel)
    {
        Key = key;
        Channel = channel;
        KeyPattern = GlobPattern.Escape(key);
        ChannelPattern = GlobPattern.Escape(channel);
    }

    /// <summary>What every key starts with.</summary>
    public byte[] Key { get; }

    /// <summary><see cref="Key"/> as the literal head of a glob pattern.</summary>
    public byte[] KeyPattern { get; }

    /// <summary>What every channel starts with: empty unless channels are prefixed.</summary>
    public byte[] Channel { get; }

    /// <summary><see cref="Channel"/> as the literal head of a glob pattern.</summary>
    public byte[] ChannelPattern { get; }

    /// <summary>Whether channels get a prefix.</summary>
    public bool PrefixesChannels => Channel.Length > 0;

    /// <summary>
    /// The prefixer of a view made with <paramref name="prefix"/> and <paramref name="options"/> over a
    /// view with <paramref name="outer"/> (null: over the client itself): the outer prefix comes first,
    /// and each level adds to the channel prefix only when its own options say so.
    /// </summary>
    public static KeyPrefixer Compose(KeyPrefixer? outer, byte[] prefix, KeyPrefixOptions options)
    {
        byte[] own = options.PrefixChannels ? prefix : [];
        return outer is null
            ? new KeyPrefixer(prefix, own)
            : new KeyPrefixer([.. outer.Key, .. prefix], [.. outer.Channel, .. own]);
    }

    /// <summary>The key as stored: the prefix, then <paramref name="key"/>.</summary>
    public RedisKey Prepend(in RedisKey key) => key.IsNull ? key : (RedisKey)Concat(Key, (byte[])key!);

    /// <summary>The key as the view shows it: without the prefix (a key that lacks it is returned as it is).</summary>
    public RedisKey Strip(in RedisKey key)
    {
        if (key.IsNull)
        {
            return key;
        }

        var bytes = (byte[])key!;
        return bytes.AsSpan().StartsWith(Key) ? bytes[Key.Length..] : key;
    }

    /// <summary>Strips the prefix from every key of <paramref name="keys"/>, in place.</summary>
    public RedisKey[] Strip(RedisKey[] keys)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Strip(keys[i]);
        }

        return keys;
    }

    /// <summary>The channel (or, with <paramref name="pattern"/>, the glob) as sent: with the channel prefix.</summary>
    public RedisValue PrependChannel(in RedisValue channel, bool pattern) =>
        !PrefixesChannels || channel.IsNull ? channel : (RedisValue)Concat(pattern ? ChannelPattern : Channel, (byte[])channel!);

    /// <summary>The channel (or, with <paramref name="pattern"/>, the glob) as the view shows it: without the channel prefix.</summary>
    public RedisValue StripChannel(in RedisValue channel, bool pattern)
    {
        if (!PrefixesChannels || channel.IsNull)
        {
            return channel;
        }

        var head = pattern ? ChannelPattern : Channel;
        var bytes = (byte[])channel!;
        return bytes.AsSpan().StartsWith(head) ? bytes[head.Length..] : channel;
    }

    /// <summary>
    /// Gets an encoded command ready to go through the view: refuses it (unsent, released) when it reaches
    /// keys it does not name, else rewrites its frame and wraps the parser of a reply that names keys.
    /// </summary>
    /// <exception cref="NotSupportedException">The command cannot run through a key-prefix view.</exception>
    public void Apply(PendingCommand command)
    {
        var rule = KeyPrefixRules.For(command.Command, out var reason);
        try
        {
            if (rule == KeyPrefixRule.Refused)
            {
                throw new NotSupportedException(
                    $"{command.Command.Name} cannot run through a key-prefix view ('{this}'): {reason}. Run it on the client the view was made from.");
            }

            KeyPrefixFrame.Rewrite(command, rule, this);
        }
        catch
        {
            // Never queued: let go of the wire's hold (the caller never saw the command).
            command.MarkAbandoned();
            command.ReleaseWire();
            throw;
        }

        command.TransformReply(this);
    }

    /// <inheritdoc />
    public ReplyParser<T> Transform<T>(CommandSpec command, ReplyParser<T> parser)
    {
        if (ChannelReplies<T>.Strip is { } channels && PrefixesChannels
            && KeyPrefixRules.For(command, out _) is KeyPrefixRule.ChannelPattern or KeyPrefixRule.Channels)
        {
            return new StrippingParser<T>(parser, channels, this);
        }

        return KeyReplies<T>.Strip is { } keys ? new StrippingParser<T>(parser, keys, this) : parser;
    }

    /// <summary>The key prefix as text, for messages.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Key);

    private static byte[] Concat(byte[] head, byte[] tail) => [.. head, .. tail];
}
