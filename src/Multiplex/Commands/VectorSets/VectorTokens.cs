using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands;

/// <summary>Names of the vector-set commands (Redis 8.0+, garnet preview) and their keywords.</summary>
internal static class VectorTokens
{
    // Every vector-set command takes its key first (Redis 8.0's key specifications).
    public static readonly CommandSpec VAdd = CommandSpec.Write("VADD", KeySpec.First);
    public static readonly CommandSpec VSim = CommandSpec.Read("VSIM", KeySpec.First);
    public static readonly CommandSpec VCard = CommandSpec.Read("VCARD", KeySpec.First);
    public static readonly CommandSpec VDim = CommandSpec.Read("VDIM", KeySpec.First);
    public static readonly CommandSpec VEmb = CommandSpec.Read("VEMB", KeySpec.First);
    public static readonly CommandSpec VRem = CommandSpec.Write("VREM", KeySpec.First);
    public static readonly CommandSpec VGetAttr = CommandSpec.Read("VGETATTR", KeySpec.First);
    public static readonly CommandSpec VSetAttr = CommandSpec.Write("VSETATTR", KeySpec.First);
    public static readonly CommandSpec VInfo = CommandSpec.Read("VINFO", KeySpec.First);
    public static readonly CommandSpec VLinks = CommandSpec.Read("VLINKS", KeySpec.First);
    public static readonly CommandSpec VRandMember = CommandSpec.Read("VRANDMEMBER", KeySpec.First);
    public static readonly CommandSpec VIsMember = CommandSpec.Read("VISMEMBER", KeySpec.First);

    // Keywords
    public static readonly CommandToken Reduce = CommandToken.Get("REDUCE");
    public static readonly CommandToken Values = CommandToken.Get("VALUES");
    public static readonly CommandToken Ele = CommandToken.Get("ELE");
    public static readonly CommandToken Cas = CommandToken.Get("CAS");
    public static readonly CommandToken NoQuant = CommandToken.Get("NOQUANT");
    public static readonly CommandToken Q8 = CommandToken.Get("Q8");
    public static readonly CommandToken Bin = CommandToken.Get("BIN");
    public static readonly CommandToken Ef = CommandToken.Get("EF");
    public static readonly CommandToken SetAttr = CommandToken.Get("SETATTR");
    public static readonly CommandToken M = CommandToken.Get("M");
    public static readonly CommandToken WithScores = CommandToken.Get("WITHSCORES");
    public static readonly CommandToken WithAttribs = CommandToken.Get("WITHATTRIBS");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken Epsilon = CommandToken.Get("EPSILON");
    public static readonly CommandToken Filter = CommandToken.Get("FILTER");
    public static readonly CommandToken FilterEf = CommandToken.Get("FILTER-EF");
    public static readonly CommandToken Truth = CommandToken.Get("TRUTH");
    public static readonly CommandToken NoThread = CommandToken.Get("NOTHREAD");
}
