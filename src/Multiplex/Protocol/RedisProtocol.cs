namespace Multiplex;

/// <summary>The RESP version a connection speaks.</summary>
public enum RedisProtocol
{
    /// <summary>RESP2: the only protocol of servers before Redis 6, and the fallback when HELLO is refused.</summary>
    Resp2 = 2,

    /// <summary>RESP3 (negotiated with <c>HELLO 3</c>): typed replies and push messages on the same connection.</summary>
    Resp3 = 3,
}
