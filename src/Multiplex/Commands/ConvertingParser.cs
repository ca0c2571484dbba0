using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>
/// Reads a reply as a <see cref="RedisResult"/> tree and converts it, for replies whose shape differs
/// between RESP2 and RESP3 (maps against flat arrays, doubles against bulk strings). The conversion
/// must throw <see cref="InvalidCastException"/> or <see cref="FormatException"/> only for a reply of
/// an unexpected shape; that becomes a <see cref="RedisProtocolException"/>.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class ConvertingParser<T>(Func<RedisResult, T> convert) : ReplyParser<T>
{
    public override T Parse(ref RespReader reader)
    {
        var result = RedisResult.Read(ref reader);
        try
        {
            return convert(result);
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException)
        {
            throw new RedisProtocolException($"Unexpected reply shape: {exception.Message}");
        }
    }
}
