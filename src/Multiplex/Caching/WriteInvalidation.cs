using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Caching;

/// <summary>
/// The reply parser of a write through a client with a cache: once the server answered, it drops the
/// written keys again (on the reader loop, before the caller resumes), so a read that was answered
/// before the write and stored meanwhile is gone by the time the caller sees the write done.
/// </summary>
/// <typeparam name="T">The reply's type.</typeparam>
internal sealed class WriteInvalidation<T>(ClientCache cache, byte[][] keys, ReplyParser<T> inner) : ReplyParser<T>
{
    public override T Parse(ref RespReader reader)
    {
        var value = inner.Parse(ref reader);
        foreach (var key in keys)
        {
            cache.Invalidate(key);
        }

        return value;
    }
}
