namespace Multiplex.LoadTest;

/// <summary>What each caller does in a loop.</summary>
public enum Workload
{
    /// <summary>GET of one key holding a value of the configured size.</summary>
    Get,

    /// <summary>SET of one key to a value of the configured size.</summary>
    Set,

    /// <summary>
    /// GET of one key into a pooled buffer, disposed at once: <c>GetLeaseAsync</c> here,
    /// <c>StringGetLeaseAsync</c> on StackExchange.Redis (the large values' read that allocates nothing).
    /// </summary>
    GetLease,

    /// <summary>GET and SET alternately.</summary>
    Mixed,

    /// <summary>INCR of one counter.</summary>
    Incr,

    /// <summary>N GETs issued without awaiting, then all awaited (until real batches exist).</summary>
    Batch,

    /// <summary>Pub/sub fan-out: publishers PUBLISH to one channel that many subscribers, on another client, read.</summary>
    PubSub,

    /// <summary>
    /// GET where 90% of reads go to 100 hot keys and 10% to 100,000 cold ones (unwritten: nil replies),
    /// with the client-side cache on or off (<see cref="RunSpec.ClientCache"/>).
    /// </summary>
    HotKeys,
}
