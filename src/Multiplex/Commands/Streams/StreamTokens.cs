using Multiplex.Protocol;

namespace Multiplex.Commands.Streams;

/// <summary>Pre-encoded stream command names and keywords.</summary>
internal static class StreamTokens
{
    public static readonly CommandToken XAdd = CommandToken.Get("XADD");
    public static readonly CommandToken XTrim = CommandToken.Get("XTRIM");
    public static readonly CommandToken XRange = CommandToken.Get("XRANGE");
    public static readonly CommandToken XRevRange = CommandToken.Get("XREVRANGE");
    public static readonly CommandToken XLen = CommandToken.Get("XLEN");
    public static readonly CommandToken XDel = CommandToken.Get("XDEL");
    public static readonly CommandToken XRead = CommandToken.Get("XREAD");
    public static readonly CommandToken XReadGroup = CommandToken.Get("XREADGROUP");
    public static readonly CommandToken XGroup = CommandToken.Get("XGROUP");
    public static readonly CommandToken XAck = CommandToken.Get("XACK");
    public static readonly CommandToken XPending = CommandToken.Get("XPENDING");
    public static readonly CommandToken XClaim = CommandToken.Get("XCLAIM");
    public static readonly CommandToken XAutoClaim = CommandToken.Get("XAUTOCLAIM");
    public static readonly CommandToken XInfo = CommandToken.Get("XINFO");

    // Subcommands
    public static readonly CommandToken Create = CommandToken.Get("CREATE");
    public static readonly CommandToken Destroy = CommandToken.Get("DESTROY");
    public static readonly CommandToken CreateConsumer = CommandToken.Get("CREATECONSUMER");
    public static readonly CommandToken DelConsumer = CommandToken.Get("DELCONSUMER");
    public static readonly CommandToken SetId = CommandToken.Get("SETID");
    public static readonly CommandToken Stream = CommandToken.Get("STREAM");
    public static readonly CommandToken Groups = CommandToken.Get("GROUPS");
    public static readonly CommandToken Consumers = CommandToken.Get("CONSUMERS");

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
