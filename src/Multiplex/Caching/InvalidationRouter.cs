using System.Buffers;
using Microsoft.Extensions.Logging;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Caching;

/// <summary>
/// The push handler of a client with a cache: <c>invalidate</c> pushes drop the keys they name (or, with
/// a null key list, after FLUSHALL/FLUSHDB, everything) on the reader loop of the connection that received
/// them; every other push goes on to the pub/sub hub. RESP3 push: <c>&gt;2 invalidate [keys]</c>; RESP2, on the
/// invalidation connection: <c>*3 message __redis__:invalidate [keys]</c>
/// (https://redis.io/docs/latest/develop/reference/client-side-caching/).
/// </summary>
internal sealed class InvalidationRouter(ClientCache cache, PushHandler next, ILogger logger)
{
    public bool OnPush(Connection connection, in ReadOnlySequence<byte> frame, InFlightQueue inFlight)
    {
        var reader = new RespReader(frame);
        reader.TryMoveNext();
        if (reader.Prefix == RespPrefix.Push && !reader.IsNull && reader.ChildCount == 2)
        {
            var head = reader;
            if (head.TryMoveNext() && head.IsScalar && head.ValueEquals("invalidate"u8))
            {
                head.TryMoveNext();
                Invalidate(ref head, connection);
                return false;
            }
        }

        else if (connection.SubscriberMode && reader.Prefix == RespPrefix.Array && !reader.IsNull && reader.ChildCount == 3)
        {
            // RESP2: message __redis__:invalidate [keys], on the invalidation connection.
            var head = reader;
            if (head.TryMoveNext() && head.IsScalar && head.ValueEquals("message"u8)
                && head.TryMoveNext() && head.IsScalar && head.ValueEquals(InvalidationChannel))
            {
                head.TryMoveNext();
                Invalidate(ref head, connection);
                return false;
            }
        }

        return next(connection, frame, inFlight);
    }

    /// <summary>The channel RESP2 invalidations are published on.</summary>
    private static ReadOnlySpan<byte> InvalidationChannel => "__redis__:invalidate"u8;

    /// <summary>Drops the keys of the list the reader is on; a null list (a flush) drops everything.</summary>
    private void Invalidate(ref RespReader reader, Connection connection)
    {
        if (reader.IsNull || !reader.IsAggregate)
        {
            cache.InvalidateAll();
            Diagnostics.Log.ClientCacheFlushed(logger, "the server invalidated every key (FLUSHALL, FLUSHDB, or a tracking table overflow)", connection.EndpointText);
            return;
        }

        var count = reader.ChildCount;
        for (var i = 0; i < count && reader.TryMoveNext(); i++)
        {
            if (reader.ReadBytes() is { } key)
            {
                cache.Invalidate(key);
            }
        }
    }
}
