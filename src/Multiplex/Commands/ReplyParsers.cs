using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>The reply parsers shared by the typed commands.</summary>
internal static class ReplyParsers
{
    /// <summary>A bulk or simple string, number or null, as a <see cref="RedisValue"/>.</summary>
    public static readonly ReplyParser<RedisValue> Value = new ValueParser();

    /// <summary>An integer reply.</summary>
    public static readonly ReplyParser<long> Int64 = new Int64Parser();

    /// <summary>An integer reply that may be null (for example TTL-like replies of some servers).</summary>
    public static readonly ReplyParser<long?> NullableInt64 = new NullableInt64Parser();

    /// <summary>A double reply (RESP3 double, or a RESP2 bulk string holding a number).</summary>
    public static readonly ReplyParser<double> Double = new DoubleParser();

    /// <summary><c>OK</c> or an integer 1 is true; null or 0 is false.</summary>
    public static readonly ReplyParser<bool> Boolean = new BooleanParser();

    /// <summary>A simple or bulk string as text.</summary>
    public static readonly ReplyParser<string?> String = new StringParser();

    /// <summary>An array (or set) of values, nulls kept as <see cref="RedisValue.Null"/>; a null reply is empty.</summary>
    public static readonly ReplyParser<RedisValue[]> Values = new ValuesParser();

    /// <summary>Any reply as a <see cref="RedisResult"/> tree.</summary>
    public static readonly ReplyParser<RedisResult> Result = new ResultParser();

    private sealed class ValueParser : ReplyParser<RedisValue>
    {
        public override RedisValue Parse(ref RespReader reader) => reader.ReadRedisValue();
    }

    private sealed class Int64Parser : ReplyParser<long>
    {
        public override long Parse(ref RespReader reader) => reader.ReadInt64();
    }

    private sealed class NullableInt64Parser : ReplyParser<long?>
    {
        public override long? Parse(ref RespReader reader) => reader.IsNull ? null : reader.ReadInt64();
    }

    private sealed class DoubleParser : ReplyParser<double>
    {
        public override double Parse(ref RespReader reader) => reader.ReadDouble();
    }

    private sealed class BooleanParser : ReplyParser<bool>
    {
        public override bool Parse(ref RespReader reader) => reader.Prefix switch
        {
            _ when reader.IsNull => false,
            RespPrefix.Integer or RespPrefix.Boolean => reader.ReadBoolean(),
            _ => reader.ValueEquals("OK"u8),
        };
    }

    private sealed class StringParser : ReplyParser<string?>
    {
        public override string? Parse(ref RespReader reader) => reader.ReadString();
    }

    private sealed class ValuesParser : ReplyParser<RedisValue[]>
    {
        public override RedisValue[] Parse(ref RespReader reader) => Collections.CollectionReader.ReadValues(ref reader);
    }

    private sealed class ResultParser : ReplyParser<RedisResult>
    {
        public override RedisResult Parse(ref RespReader reader) => RedisResult.Read(ref reader);
    }
}
