using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Blocking;

/// <summary>
/// The blocking and connection-holding commands and their keywords. Each is flagged blocking: it runs
/// on a dedicated connection (WAIT and WAITAOF hold their connection although the server does not flag
/// them <c>blocking</c>).
/// </summary>
internal static class BlockingTokens
{
    public static readonly CommandSpec BLPop = CommandSpec.Write("BLPOP", KeySpec.Range(1, -2)).AsBlocking();
    public static readonly CommandSpec BRPop = CommandSpec.Write("BRPOP", KeySpec.Range(1, -2)).AsBlocking();
    public static readonly CommandSpec BRPopLPush = CommandSpec.Write("BRPOPLPUSH", KeySpec.Range(1, 2)).AsBlocking();
    public static readonly CommandSpec BLMove = CommandSpec.Write("BLMOVE", KeySpec.Range(1, 2)).AsBlocking();
    public static readonly CommandSpec BLMPop = CommandSpec.Write("BLMPOP", KeySpec.Counted(2)).AsBlocking();
    public static readonly CommandSpec BZPopMin = CommandSpec.Write("BZPOPMIN", KeySpec.Range(1, -2)).AsBlocking();
    public static readonly CommandSpec BZPopMax = CommandSpec.Write("BZPOPMAX", KeySpec.Range(1, -2)).AsBlocking();
    public static readonly CommandSpec BZMPop = CommandSpec.Write("BZMPOP", KeySpec.Counted(2)).AsBlocking();
    public static readonly CommandSpec Wait = CommandSpec.Other("WAIT").OnAllPrimaries(ReplyAggregate.Min).AsBlocking();
    public static readonly CommandSpec WaitAof = CommandSpec.Other("WAITAOF").OnAllPrimaries(ReplyAggregate.Min).AsBlocking();
    public static readonly CommandSpec Monitor = CommandSpec.Other("MONITOR").AsAdmin().AsBlocking();

    // XREAD and XREADGROUP with BLOCK (the same commands without it are in StreamTokens).
    public static readonly CommandSpec XRead = CommandSpec.Read("XREAD", KeySpec.HalfAfterKeyword("STREAMS", 1)).AsBlocking();
    public static readonly CommandSpec XReadGroup = CommandSpec.Write("XREADGROUP", KeySpec.HalfAfterKeyword("STREAMS", 4)).AsBlocking();

    // Keywords
    public static readonly CommandToken Block = CommandToken.Get("BLOCK");
}
