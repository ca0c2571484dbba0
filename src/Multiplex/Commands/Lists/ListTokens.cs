using Multiplex.Protocol;

namespace Multiplex.Commands.Lists;

/// <summary>Pre-encoded names of the list commands and their keywords.</summary>
internal static class ListTokens
{
    public static readonly CommandToken LPush = CommandToken.Get("LPUSH");
    public static readonly CommandToken LPushX = CommandToken.Get("LPUSHX");
    public static readonly CommandToken RPush = CommandToken.Get("RPUSH");
    public static readonly CommandToken RPushX = CommandToken.Get("RPUSHX");
    public static readonly CommandToken LPop = CommandToken.Get("LPOP");
    public static readonly CommandToken RPop = CommandToken.Get("RPOP");
    public static readonly CommandToken LLen = CommandToken.Get("LLEN");
    public static readonly CommandToken LRange = CommandToken.Get("LRANGE");
    public static readonly CommandToken LIndex = CommandToken.Get("LINDEX");
    public static readonly CommandToken LSet = CommandToken.Get("LSET");
    public static readonly CommandToken LInsert = CommandToken.Get("LINSERT");
    public static readonly CommandToken LRem = CommandToken.Get("LREM");
    public static readonly CommandToken LTrim = CommandToken.Get("LTRIM");
    public static readonly CommandToken LPos = CommandToken.Get("LPOS");
    public static readonly CommandToken LMove = CommandToken.Get("LMOVE");
    public static readonly CommandToken RPopLPush = CommandToken.Get("RPOPLPUSH");
    public static readonly CommandToken LMPop = CommandToken.Get("LMPOP");

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
