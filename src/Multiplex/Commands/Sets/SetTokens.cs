using Multiplex.Protocol;

namespace Multiplex.Commands.Sets;

/// <summary>Pre-encoded names of the set commands and their keywords.</summary>
internal static class SetTokens
{
    public static readonly CommandToken SAdd = CommandToken.Get("SADD");
    public static readonly CommandToken SRem = CommandToken.Get("SREM");
    public static readonly CommandToken SMembers = CommandToken.Get("SMEMBERS");
    public static readonly CommandToken SIsMember = CommandToken.Get("SISMEMBER");
    public static readonly CommandToken SMIsMember = CommandToken.Get("SMISMEMBER");
    public static readonly CommandToken SCard = CommandToken.Get("SCARD");
    public static readonly CommandToken SPop = CommandToken.Get("SPOP");
    public static readonly CommandToken SRandMember = CommandToken.Get("SRANDMEMBER");
    public static readonly CommandToken SMove = CommandToken.Get("SMOVE");
    public static readonly CommandToken SInter = CommandToken.Get("SINTER");
    public static readonly CommandToken SInterStore = CommandToken.Get("SINTERSTORE");
    public static readonly CommandToken SUnion = CommandToken.Get("SUNION");
    public static readonly CommandToken SUnionStore = CommandToken.Get("SUNIONSTORE");
    public static readonly CommandToken SDiff = CommandToken.Get("SDIFF");
    public static readonly CommandToken SDiffStore = CommandToken.Get("SDIFFSTORE");
    public static readonly CommandToken SInterCard = CommandToken.Get("SINTERCARD");
    public static readonly CommandToken SScan = CommandToken.Get("SSCAN");

    // Keywords
    public static readonly CommandToken Limit = CommandToken.Get("LIMIT");
}
