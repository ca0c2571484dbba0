using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Sets;

/// <summary>Pre-encoded names of the set commands and their keywords.</summary>
internal static class SetTokens
{
    public static readonly CommandSpec SAdd = CommandSpec.Write("SADD", KeySpec.First);
    public static readonly CommandSpec SRem = CommandSpec.Write("SREM", KeySpec.First);
    public static readonly CommandSpec SMembers = CommandSpec.Read("SMEMBERS", KeySpec.First);
    public static readonly CommandSpec SIsMember = CommandSpec.Read("SISMEMBER", KeySpec.First);
    public static readonly CommandSpec SMIsMember = CommandSpec.Read("SMISMEMBER", KeySpec.First);
    public static readonly CommandSpec SCard = CommandSpec.Read("SCARD", KeySpec.First);
    public static readonly CommandSpec SPop = CommandSpec.Write("SPOP", KeySpec.First);
    public static readonly CommandSpec SRandMember = CommandSpec.Read("SRANDMEMBER", KeySpec.First);
    public static readonly CommandSpec SMove = CommandSpec.Write("SMOVE", KeySpec.Range(1, 2));
    public static readonly CommandSpec SInter = CommandSpec.Read("SINTER", KeySpec.All);
    public static readonly CommandSpec SInterStore = CommandSpec.Write("SINTERSTORE", KeySpec.First.And(KeySpec.Range(2, -1)));
    public static readonly CommandSpec SUnion = CommandSpec.Read("SUNION", KeySpec.All);
    public static readonly CommandSpec SUnionStore = CommandSpec.Write("SUNIONSTORE", KeySpec.First.And(KeySpec.Range(2, -1)));
    public static readonly CommandSpec SDiff = CommandSpec.Read("SDIFF", KeySpec.All);
    public static readonly CommandSpec SDiffStore = CommandSpec.Write("SDIFFSTORE", KeySpec.First.And(KeySpec.Range(2, -1)));
    public static readonly CommandSpec SInterCard = CommandSpec.Read("SINTERCARD", KeySpec.Counted(1));
    public static readonly CommandSpec SScan = CommandSpec.Read("SSCAN", KeySpec.First);

    // Keywords
    public static readonly CommandToken Limit = CommandToken.Get("LIMIT");
}
