namespace Multiplex.Topology;

/// <summary>
/// How the replies of a command sent to several nodes (or split by slot) become one reply, after the
/// server's own response policies (https://redis.io/docs/latest/develop/reference/command-tips/).
/// </summary>
internal enum ReplyAggregate
{
    /// <summary>One node answers; nothing to combine.</summary>
    None,

    /// <summary>The integer replies are added up (DBSIZE, DEL and EXISTS split by slot).</summary>
    Sum,

    /// <summary>The smallest integer reply (MSETNX, WAIT).</summary>
    Min,

    /// <summary>The array replies are concatenated (KEYS).</summary>
    Merge,

    /// <summary>Every node must succeed; the reply is the first node's (FLUSHALL, SCRIPT LOAD, CONFIG SET).</summary>
    AllSucceeded,

    /// <summary>One node succeeding is enough (SCRIPT KILL, FUNCTION KILL): the first success is the reply.</summary>
    OneSucceeded,

    /// <summary>Array replies of booleans combined element by element with AND (SCRIPT EXISTS).</summary>
    LogicalAnd,

    /// <summary>The per-slot replies of a split command are put back in the order of the caller's keys (MGET).</summary>
    InKeyOrder,
}
