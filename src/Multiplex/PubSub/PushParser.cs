using Multiplex.Protocol;

namespace Multiplex.PubSub;

/// <summary>
/// Reads pub/sub pushes: <c>message</c>, <c>pmessage</c>, <c>smessage</c>, the (un)subscribe
/// confirmations and <c>invalidate</c> (https://redis.io/docs/latest/develop/interact/pubsub/).
/// The same shapes arrive as RESP3 push frames or, on a RESP2 subscription connection, as arrays.
/// </summary>
internal static class PushParser
{
    /// <summary>Parses the push the reader is positioned on (its header); false when it is not one.</summary>
    public static bool TryParse(ref RespReader reader, out PushMessage message)
    {
        message = default;
        if (reader.Prefix is not (RespPrefix.Push or RespPrefix.Array) || reader.IsNull || reader.ChildCount < 2)
        {
            return false;
        }

        var count = reader.ChildCount;
        if (!reader.TryMoveNext() || !reader.IsScalar)
        {
            return false;
        }

        var kind = KindOf(ref reader);
        switch (kind)
        {
            case PushKind.Message or PushKind.ShardMessage when count == 3:
                message = new PushMessage(kind, Next(ref reader), RedisValue.Null, Next(ref reader), 0);
                return true;
            case PushKind.PatternMessage when count == 4:
                var pattern = Next(ref reader);
                var channel = Next(ref reader);
                message = new PushMessage(kind, channel, pattern, Next(ref reader), 0);
                return true;
            case PushKind.Subscribe or PushKind.Unsubscribe or PushKind.ShardSubscribe or PushKind.ShardUnsubscribe when count == 3:
                var name = Next(ref reader);
                message = new PushMessage(kind, name, RedisValue.Null, RedisValue.Null, NextInt64(ref reader));
                return true;
            case PushKind.PatternSubscribe or PushKind.PatternUnsubscribe when count == 3:
                var subscribed = Next(ref reader);
                message = new PushMessage(kind, RedisValue.Null, subscribed, RedisValue.Null, NextInt64(ref reader));
                return true;
            case PushKind.Invalidate when count == 2:
                message = new PushMessage(kind, RedisValue.Null, RedisValue.Null, RedisValue.Null, 0);
                return true;
            default:
                return false;
        }
    }

    private static PushKind KindOf(ref RespReader reader) => reader.ValueLength switch
    {
        7 when reader.ValueEquals("message"u8) => PushKind.Message,
        8 when reader.ValueEquals("pmessage"u8) => PushKind.PatternMessage,
        8 when reader.ValueEquals("smessage"u8) => PushKind.ShardMessage,
        9 when reader.ValueEquals("subscribe"u8) => PushKind.Subscribe,
        10 when reader.ValueEquals("psubscribe"u8) => PushKind.PatternSubscribe,
        10 when reader.ValueEquals("ssubscribe"u8) => PushKind.ShardSubscribe,
        11 when reader.ValueEquals("unsubscribe"u8) => PushKind.Unsubscribe,
        12 when reader.ValueEquals("punsubscribe"u8) => PushKind.PatternUnsubscribe,
        12 when reader.ValueEquals("sunsubscribe"u8) => PushKind.ShardUnsubscribe,
        10 when reader.ValueEquals("invalidate"u8) => PushKind.Invalidate,
        _ => PushKind.Unknown,
    };

    private static RedisValue Next(ref RespReader reader)
    {
        reader.TryMoveNext();
        return reader.ReadRedisValue();
    }

    private static long NextInt64(ref RespReader reader)
    {
        reader.TryMoveNext();
        return reader.IsNull ? 0 : reader.ReadInt64();
    }
}
