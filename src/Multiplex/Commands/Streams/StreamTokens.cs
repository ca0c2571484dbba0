using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Streams;

/// <summary>Pre-encoded stream command names and keywords.</summary>
internal static class StreamTokens
{
    public static readonly CommandSpec XAdd = CommandSpec.Write("XADD", KeySpec.First);
    public static readonly CommandSpec XTrim = CommandSpec.Write("XTRIM", KeySpec.First);
    public static readonly CommandSpec XRange = CommandSpec.Read("XRANGE", KeySpec.First);
    public static readonly CommandSpec XRevRange = CommandSpec.Read("XREVRANGE", KeySpec.First);
    public static readonly CommandSpec XLen = CommandSpec.Read("XLEN", KeySpec.First);
    public static readonly CommandSpec XDel = CommandSpec.Write("XDEL", KeySpec.First);
    public static readonly CommandSpec XRead = CommandSpec.Read("XREAD", KeySpec.HalfAfterKeyword("STREAMS", 1));
    public static readonly CommandSpec XReadGroup = CommandSpec.Write("XREADGROUP", KeySpec.HalfAfterKeyword("STREAMS", 4));
    public static readonly CommandSpec XAck = CommandSpec.Write("XACK", KeySpec.First);
    public static readonly CommandSpec XPending = CommandSpec.Read("XPENDING", KeySpec.First);
    public static readonly CommandSpec XClaim = CommandSpec.Write("XCLAIM", KeySpec.First);
    public static readonly CommandSpec XAutoClaim = CommandSpec.Write("XAUTOCLAIM", KeySpec.First);
    public static readonly CommandSpec XGroupCreate = CommandSpec.Write("XGROUP", "CREATE", KeySpec.At(2));
    public static readonly CommandSpec XGroupDestroy = CommandSpec.Write("XGROUP", "DESTROY", KeySpec.At(2));
    public static readonly CommandSpec XGroupCreateConsumer = CommandSpec.Write("XGROUP", "CREATECONSUMER", KeySpec.At(2));
    public static readonly CommandSpec XGroupDelConsumer = CommandSpec.Write("XGROUP", "DELCONSUMER", KeySpec.At(2));
    public static readonly CommandSpec XGroupSetId = CommandSpec.Write("XGROUP", "SETID", KeySpec.At(2));
    public static readonly CommandSpec XInfoStream = CommandSpec.Read("XINFO", "STREAM", KeySpec.At(2));
    public static readonly CommandSpec XInfoGroups = CommandSpec.Read("XINFO", "GROUPS", KeySpec.At(2));
    public static readonly CommandSpec XInfoConsumers = CommandSpec.Read("XINFO", "CONSUMERS", KeySpec.At(2));


    // Keywords
    public static readonly CommandToken NoMkStream = CommandToken.Get("NOMKSTREAM");
    public static readonly CommandToken MaxLen = CommandToken.Get("MAXLEN");
    public static readonly CommandToken MinId = CommandToken.Get("MINID");
    public static readonly CommandToken Exact = CommandToken.Get("=");
    public static readonly CommandToken Approximate = CommandToken.Get("~");
    public static readonly CommandToken Limit = CommandToken.Get("LIMIT");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken Streams = CommandToken.Get("STREAMS");
    public static readonly CommandToken Group = CommandToken.Get("GROUP");
    public static readonly CommandToken NoAck = CommandToken.Get("NOACK");
    public static readonly CommandToken MkStream = CommandToken.Get("MKSTREAM");
    public static readonly CommandToken EntriesRead = CommandToken.Get("ENTRIESREAD");
    public static readonly CommandToken Idle = CommandToken.Get("IDLE");
    public static readonly CommandToken Time = CommandToken.Get("TIME");
    public static readonly CommandToken RetryCount = CommandToken.Get("RETRYCOUNT");
    public static readonly CommandToken Force = CommandToken.Get("FORCE");
    public static readonly CommandToken JustId = CommandToken.Get("JUSTID");
    public static readonly CommandToken AutoId = CommandToken.Get("*");
}
