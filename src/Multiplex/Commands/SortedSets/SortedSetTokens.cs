using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.SortedSets;

/// <summary>Pre-encoded sorted-set command names and keywords.</summary>
internal static class SortedSetTokens
{
    public static readonly CommandSpec ZAdd = CommandSpec.Write("ZADD", KeySpec.First);
    public static readonly CommandSpec ZRem = CommandSpec.Write("ZREM", KeySpec.First);
    public static readonly CommandSpec ZScore = CommandSpec.Read("ZSCORE", KeySpec.First);
    public static readonly CommandSpec ZMScore = CommandSpec.Read("ZMSCORE", KeySpec.First);
    public static readonly CommandSpec ZIncrBy = CommandSpec.Write("ZINCRBY", KeySpec.First);
    public static readonly CommandSpec ZCard = CommandSpec.Read("ZCARD", KeySpec.First);
    public static readonly CommandSpec ZCount = CommandSpec.Read("ZCOUNT", KeySpec.First);
    public static readonly CommandSpec ZLexCount = CommandSpec.Read("ZLEXCOUNT", KeySpec.First);
    public static readonly CommandSpec ZRank = CommandSpec.Read("ZRANK", KeySpec.First);
    public static readonly CommandSpec ZRevRank = CommandSpec.Read("ZREVRANK", KeySpec.First);
    public static readonly CommandSpec ZRange = CommandSpec.Read("ZRANGE", KeySpec.First);
    public static readonly CommandSpec ZRangeStore = CommandSpec.Write("ZRANGESTORE", KeySpec.Range(1, 2));
    public static readonly CommandSpec ZRangeByScore = CommandSpec.Read("ZRANGEBYSCORE", KeySpec.First);
    public static readonly CommandSpec ZRevRangeByScore = CommandSpec.Read("ZREVRANGEBYSCORE", KeySpec.First);
    public static readonly CommandSpec ZRangeByLex = CommandSpec.Read("ZRANGEBYLEX", KeySpec.First);
    public static readonly CommandSpec ZRevRangeByLex = CommandSpec.Read("ZREVRANGEBYLEX", KeySpec.First);
    public static readonly CommandSpec ZRemRangeByRank = CommandSpec.Write("ZREMRANGEBYRANK", KeySpec.First);
    public static readonly CommandSpec ZRemRangeByScore = CommandSpec.Write("ZREMRANGEBYSCORE", KeySpec.First);
    public static readonly CommandSpec ZRemRangeByLex = CommandSpec.Write("ZREMRANGEBYLEX", KeySpec.First);
    public static readonly CommandSpec ZPopMin = CommandSpec.Write("ZPOPMIN", KeySpec.First);
    public static readonly CommandSpec ZPopMax = CommandSpec.Write("ZPOPMAX", KeySpec.First);
    public static readonly CommandSpec ZMPop = CommandSpec.Write("ZMPOP", KeySpec.Counted(1));
    public static readonly CommandSpec ZRandMember = CommandSpec.Read("ZRANDMEMBER", KeySpec.First);
    public static readonly CommandSpec ZInter = CommandSpec.Read("ZINTER", KeySpec.Counted(1));
    public static readonly CommandSpec ZInterStore = CommandSpec.Write("ZINTERSTORE", KeySpec.First.And(KeySpec.Counted(2)));
    public static readonly CommandSpec ZInterCard = CommandSpec.Read("ZINTERCARD", KeySpec.Counted(1));
    public static readonly CommandSpec ZUnion = CommandSpec.Read("ZUNION", KeySpec.Counted(1));
    public static readonly CommandSpec ZUnionStore = CommandSpec.Write("ZUNIONSTORE", KeySpec.First.And(KeySpec.Counted(2)));
    public static readonly CommandSpec ZDiff = CommandSpec.Read("ZDIFF", KeySpec.Counted(1));
    public static readonly CommandSpec ZDiffStore = CommandSpec.Write("ZDIFFSTORE", KeySpec.First.And(KeySpec.Counted(2)));
    public static readonly CommandSpec ZScan = CommandSpec.Read("ZSCAN", KeySpec.First);

    // Keywords
    public static readonly CommandToken Nx = CommandToken.Get("NX");
    public static readonly CommandToken Xx = CommandToken.Get("XX");
    public static readonly CommandToken Gt = CommandToken.Get("GT");
    public static readonly CommandToken Lt = CommandToken.Get("LT");
    public static readonly CommandToken Ch = CommandToken.Get("CH");
    public static readonly CommandToken Incr = CommandToken.Get("INCR");
    public static readonly CommandToken ByScore = CommandToken.Get("BYSCORE");
    public static readonly CommandToken ByLex = CommandToken.Get("BYLEX");
    public static readonly CommandToken Rev = CommandToken.Get("REV");
    public static readonly CommandToken Limit = CommandToken.Get("LIMIT");
    public static readonly CommandToken WithScores = CommandToken.Get("WITHSCORES");
    public static readonly CommandToken Weights = CommandToken.Get("WEIGHTS");
    public static readonly CommandToken Aggregate = CommandToken.Get("AGGREGATE");
    public static readonly CommandToken Sum = CommandToken.Get("SUM");
    public static readonly CommandToken Min = CommandToken.Get("MIN");
    public static readonly CommandToken Max = CommandToken.Get("MAX");
    public static readonly CommandToken Count = CommandToken.Get("COUNT");
    public static readonly CommandToken Match = CommandToken.Get("MATCH");
}
