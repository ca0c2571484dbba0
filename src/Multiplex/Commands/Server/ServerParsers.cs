using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Reply parsers shared by the server, scripting and vector-set commands.</summary>
internal static class ServerParsers
{
    /// <summary>An array of integers 1/0 (or RESP3 booleans) as flags.</summary>
    public static readonly ReplyParser<bool[]> BooleanArray = new BooleanArrayParser();

    /// <summary>An array (or RESP3 set) of strings; null elements become empty strings; a null reply is empty.</summary>
    public static readonly ReplyParser<string[]> StringArray = new StringArrayParser();

    /// <summary>Any reply, parsed with a conversion from its <see cref="RedisResult"/> tree.</summary>
    public static ReplyParser<T> FromResult<T>(Func<RedisResult, T> convert) => new ResultConverter<T>(convert);

    /// <summary>Nothing to read: <c>OK</c> or any other acknowledgement.</summary>
    public static readonly ReplyParser<bool> Acknowledged = new AcknowledgedParser();

    private sealed class BooleanArrayParser : ReplyParser<bool[]>
    {
        public override bool[] Parse(ref RespReader reader)
        {
            var flags = new bool[reader.IsNull ? 0 : reader.ChildCount];
            for (var i = 0; i < flags.Length; i++)
            {
                reader.TryMoveNext();
                flags[i] = reader.ReadBoolean();
            }

            return flags;
        }
    }

    private sealed class StringArrayParser : ReplyParser<string[]>
    {
        public override string[] Parse(ref RespReader reader)
        {
            var items = new string[reader.IsNull ? 0 : reader.ChildCount];
            for (var i = 0; i < items.Length; i++)
            {
                reader.TryMoveNext();
                items[i] = reader.ReadString() ?? string.Empty;
            }

            return items;
        }
    }

    private sealed class ResultConverter<T>(Func<RedisResult, T> convert) : ReplyParser<T>
    {
        public override T Parse(ref RespReader reader)
        {
            var result = RedisResult.Read(ref reader);
            try
            {
                return convert(result);
            }
            catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentException or NullReferenceException)
            {
                // A reply of an unexpected shape fails the one command, like any other conversion error.
                throw new InvalidCastException($"The reply {result} does not have the expected shape.", exception);
            }
        }
    }

    private sealed class AcknowledgedParser : ReplyParser<bool>
    {
        public override bool Parse(ref RespReader reader)
        {
            reader.SkipChildren();
            return true;
        }
    }
}
