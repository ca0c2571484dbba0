namespace Multiplex.IntegrationTests.Support;

/// <summary>The servers and protocols the basic command tests run against.</summary>
public enum ServerKind
{
    /// <summary>redis-server, RESP3 negotiated with HELLO.</summary>
    RedisResp3,

    /// <summary>redis-server, RESP2 asked for by the client.</summary>
    RedisResp2,

    /// <summary>redis-server with HELLO renamed away: the client must fall back to RESP2.</summary>
    RedisWithoutHello,

    /// <summary>garnet-server, an independent implementation.</summary>
    Garnet,
}
