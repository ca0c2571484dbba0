using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Lists;

/// <summary>Pre-encoded names of the list commands and their keywords.</summary>
internal static class ListTokens
{
    public static readonly CommandSpec LPush = CommandSpec.Write("LPUSH", KeySpec.First);
    public static readonly CommandSpec LPushX = CommandSpec.Write("LPUSHX", KeySpec.First);
    public static readonly CommandSpec RPush = CommandSpec.Write("RPUSH", KeySpec.First);
    public static readonly CommandSpec RPushX = CommandSpec.Write("RPUSHX", KeySpec.First);
    public static readonly CommandSpec LPop = CommandSpec.Write("LPOP", KeySpec.First);
    public static readonly CommandSpec RPop = CommandSpec.Write("RPOP", KeySpec.First);
    public static readonly CommandSpec LLen = CommandSpec.Read("LLEN", KeySpec.First);
    public static readonly CommandSpec LRange = CommandSpec.Read("LRANGE", KeySpec.First);
    public static readonly CommandSpec LIndex = CommandSpec.Read("LINDEX", KeySpec.First);
    public static readonly CommandSpec LSet = CommandSpec.Write("LSET", KeySpec.First);
    public static readonly CommandSpec LInsert = CommandSpec.Write("LINSERT", KeySpec.First);
    public static readonly CommandSpec LRem = CommandSpec.Write("LREM", KeySpec.First);
    public static readonly CommandSpec LTrim = CommandSpec.Write("LTRIM", KeySpec.First);
    public static readonly CommandSpec LPos = CommandSpec.Read("LPOS", KeySpec.First);
    public static readonly CommandSpec LMove = CommandSpec.Write("LMOVE", KeySpec.Range(1, 2));
    public static readonly CommandSpec RPopLPush = CommandSpec.Write("RPOPLPUSH", KeySpec.Range(1, 2));
    public static readonly CommandSpec LMPop = CommandSpec.Write("LMPOP", KeySpec.Counted(1));

    // Keywords
    public static readonly CommandToken Left = CommandToken.Get("LEFT");
    public static readonly CommandToken Right = CommandToken.Get("RIGHT");
    public static readonly CommandToken Before = CommandToken.Get("BEFORE");
    public static readonly CommandToken After = CommandToken.Get("AFTER");
    public static readonly CommandToken Rank = CommandToken.Get("RANK");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken MaxLen = CommandToken.Get("MAXLEN");

    public static CommandToken For(ListSide side) => side == ListSide.Left ? Left : Right;
}
