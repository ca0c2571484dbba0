using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>Names of the vector-set commands (Redis 8.0+, garnet preview) and their keywords.</summary>
internal static class VectorTokens
{
    public static readonly CommandToken VAdd = CommandToken.Get("VADD");
    public static readonly CommandToken VSim = CommandToken.Get("VSIM");
    public static readonly CommandToken VCard = CommandToken.Get("VCARD");
    public static readonly CommandToken VDim = CommandToken.Get("VDIM");
    public static readonly CommandToken VEmb = CommandToken.Get("VEMB");
    public static readonly CommandToken VRem = CommandToken.Get("VREM");
    public static readonly CommandToken VGetAttr = CommandToken.Get("VGETATTR");
    public static readonly CommandToken VSetAttr = CommandToken.Get("VSETATTR");
    public static readonly CommandToken VInfo = CommandToken.Get("VINFO");
    public static readonly CommandToken VLinks = CommandToken.Get("VLINKS");
    public static readonly CommandToken VRandMember = CommandToken.Get("VRANDMEMBER");
    public static readonly CommandToken VIsMember = CommandToken.Get("VISMEMBER");

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
