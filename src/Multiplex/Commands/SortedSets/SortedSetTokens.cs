using Multiplex.Protocol;

namespace Multiplex.Commands.SortedSets;

/// <summary>Pre-encoded sorted-set command names and keywords.</summary>
internal static class SortedSetTokens
{
    public static readonly CommandToken ZAdd = CommandToken.Get("ZADD");
    public static readonly CommandToken ZRem = CommandToken.Get("ZREM");
    public static readonly CommandToken ZScore = CommandToken.Get("ZSCORE");
    public static readonly CommandToken ZMScore = CommandToken.Get("ZMSCORE");
    public static readonly CommandToken ZIncrBy = CommandToken.Get("ZINCRBY");
    public static readonly CommandToken ZCard = CommandToken.Get("ZCARD");
    public static readonly CommandToken ZCount = CommandToken.Get("ZCOUNT");
    public static readonly CommandToken ZLexCount = CommandToken.Get("ZLEXCOUNT");
    public static readonly CommandToken ZRank = CommandToken.Get("ZRANK");
    public static readonly CommandToken ZRevRank = CommandToken.Get("ZREVRANK");
    public static readonly CommandToken ZRange = CommandToken.Get("ZRANGE");
    public static readonly CommandToken ZRangeStore = CommandToken.Get("ZRANGESTORE");
    public static readonly CommandToken ZRangeByScore = CommandToken.Get("ZRANGEBYSCORE");
    public static readonly CommandToken ZRevRangeByScore = CommandToken.Get("ZREVRANGEBYSCORE");
    public static readonly CommandToken ZRangeByLex = CommandToken.Get("ZRANGEBYLEX");
    public static readonly CommandToken ZRevRangeByLex = CommandToken.Get("ZREVRANGEBYLEX");
    public static readonly CommandToken ZRemRangeByRank = CommandToken.Get("ZREMRANGEBYRANK");
    public static readonly CommandToken ZRemRangeByScore = CommandToken.Get("ZREMRANGEBYSCORE");
    public static readonly CommandToken ZRemRangeByLex = CommandToken.Get("ZREMRANGEBYLEX");
    public static readonly CommandToken ZPopMin = CommandToken.Get("ZPOPMIN");
    public static readonly CommandToken ZPopMax = CommandToken.Get("ZPOPMAX");
    public static readonly CommandToken ZMPop = CommandToken.Get("ZMPOP");
    public static readonly CommandToken ZRandMember = CommandToken.Get("ZRANDMEMBER");
    public static readonly CommandToken ZInter = CommandToken.Get("ZINTER");
    public static readonly CommandToken ZInterStore = CommandToken.Get("ZINTERSTORE");
    public static readonly CommandToken ZInterCard = CommandToken.Get("ZINTERCARD");
    public static readonly CommandToken ZUnion = CommandToken.Get("ZUNION");
    public static readonly CommandToken ZUnionStore = CommandToken.Get("ZUNIONSTORE");
    public static readonly CommandToken ZDiff = CommandToken.Get("ZDIFF");
    public static readonly CommandToken ZDiffStore = CommandToken.Get("ZDIFFSTORE");
    public static readonly CommandToken ZScan = CommandToken.Get("ZSCAN");

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
