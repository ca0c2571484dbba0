using Multiplex.Protocol;

namespace Multiplex.Commands.Blocking;

/// <summary>Pre-encoded names of the blocking and connection-holding commands and their keywords.</summary>
internal static class BlockingTokens
{
    public static readonly CommandToken BLMove = CommandToken.Get("BLMOVE");
    public static readonly CommandToken BLMPop = CommandToken.Get("BLMPOP");
    public static readonly CommandToken BZPopMin = CommandToken.Get("BZPOPMIN");
    public static readonly CommandToken BZPopMax = CommandToken.Get("BZPOPMAX");
    public static readonly CommandToken BZMPop = CommandToken.Get("BZMPOP");
    public static readonly CommandToken Wait = CommandToken.Get("WAIT");
    public static readonly CommandToken WaitAof = CommandToken.Get("WAITAOF");
    public static readonly CommandToken Monitor = CommandToken.Get("MONITOR");

    // Keywords
    public static readonly CommandToken Block = CommandToken.Get("BLOCK");
}
