using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Strings;

/// <summary>Pre-encoded names and keywords of the string commands.</summary>
internal static class StringTokens
{
    public static readonly CommandSpec GetEx = CommandSpec.Write("GETEX", KeySpec.First);
    public static readonly CommandSpec GetDel = CommandSpec.Write("GETDEL", KeySpec.First);
    public static readonly CommandSpec GetSet = CommandSpec.Write("GETSET", KeySpec.First);
    public static readonly CommandSpec MGet = CommandSpec.Read("MGET", KeySpec.All).SplitBySlot(ReplyAggregate.InKeyOrder);
    public static readonly CommandSpec MSet = CommandSpec.Write("MSET", KeySpec.Range(1, -1, 2));
    public static readonly CommandSpec MSetNx = CommandSpec.Write("MSETNX", KeySpec.Range(1, -1, 2));
    public static readonly CommandSpec SetNx = CommandSpec.Write("SETNX", KeySpec.First);
    public static readonly CommandSpec SetEx = CommandSpec.Write("SETEX", KeySpec.First);
    public static readonly CommandSpec PSetEx = CommandSpec.Write("PSETEX", KeySpec.First);
    public static readonly CommandSpec SetRange = CommandSpec.Write("SETRANGE", KeySpec.First);
    public static readonly CommandSpec GetRange = CommandSpec.Read("GETRANGE", KeySpec.First);
    public static readonly CommandSpec Append = CommandSpec.Write("APPEND", KeySpec.First);
    public static readonly CommandSpec StrLen = CommandSpec.Read("STRLEN", KeySpec.First);
    public static readonly CommandSpec IncrByFloat = CommandSpec.Write("INCRBYFLOAT", KeySpec.First);
    public static readonly CommandSpec Lcs = CommandSpec.Read("LCS", KeySpec.Range(1, 2));

    // Keywords
    public static readonly CommandToken ExAt = CommandToken.Get("EXAT");
    public static readonly CommandToken PxAt = CommandToken.Get("PXAT");
    public static readonly CommandToken Persist = CommandToken.Get("PERSIST");
    public static readonly CommandToken GetOption = CommandToken.Get("GET");
    public static readonly CommandToken Len = CommandToken.Get("LEN");
    public static readonly CommandToken Idx = CommandToken.Get("IDX");
    public static readonly CommandToken MinMatchLen = CommandToken.Get("MINMATCHLEN");
    public static readonly CommandToken WithMatchLen = CommandToken.Get("WITHMATCHLEN");
}
