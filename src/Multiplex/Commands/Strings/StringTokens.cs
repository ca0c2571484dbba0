using Multiplex.Protocol;

namespace Multiplex.Commands.Strings;

/// <summary>Pre-encoded names and keywords of the string commands.</summary>
internal static class StringTokens
{
    public static readonly CommandToken GetEx = CommandToken.Get("GETEX");
    public static readonly CommandToken GetDel = CommandToken.Get("GETDEL");
    public static readonly CommandToken GetSet = CommandToken.Get("GETSET");
    public static readonly CommandToken MGet = CommandToken.Get("MGET");
    public static readonly CommandToken MSet = CommandToken.Get("MSET");
    public static readonly CommandToken MSetNx = CommandToken.Get("MSETNX");
    public static readonly CommandToken SetNx = CommandToken.Get("SETNX");
    public static readonly CommandToken SetEx = CommandToken.Get("SETEX");
    public static readonly CommandToken PSetEx = CommandToken.Get("PSETEX");
    public static readonly CommandToken SetRange = CommandToken.Get("SETRANGE");
    public static readonly CommandToken GetRange = CommandToken.Get("GETRANGE");
    public static readonly CommandToken Append = CommandToken.Get("APPEND");
    public static readonly CommandToken StrLen = CommandToken.Get("STRLEN");
    public static readonly CommandToken IncrByFloat = CommandToken.Get("INCRBYFLOAT");
    public static readonly CommandToken Lcs = CommandToken.Get("LCS");

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
