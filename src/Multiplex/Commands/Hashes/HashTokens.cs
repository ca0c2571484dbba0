using Multiplex.Protocol;

namespace Multiplex.Commands.Hashes;

/// <summary>Pre-encoded names of the hash commands and their keywords.</summary>
internal static class HashTokens
{
    public static readonly CommandToken HSet = CommandToken.Get("HSET");
    public static readonly CommandToken HSetNx = CommandToken.Get("HSETNX");
    public static readonly CommandToken HGet = CommandToken.Get("HGET");
    public static readonly CommandToken HMGet = CommandToken.Get("HMGET");
    public static readonly CommandToken HGetAll = CommandToken.Get("HGETALL");
    public static readonly CommandToken HDel = CommandToken.Get("HDEL");
    public static readonly CommandToken HExists = CommandToken.Get("HEXISTS");
    public static readonly CommandToken HIncrBy = CommandToken.Get("HINCRBY");
    public static readonly CommandToken HIncrByFloat = CommandToken.Get("HINCRBYFLOAT");
    public static readonly CommandToken HKeys = CommandToken.Get("HKEYS");
    public static readonly CommandToken HVals = CommandToken.Get("HVALS");
    public static readonly CommandToken HLen = CommandToken.Get("HLEN");
    public static readonly CommandToken HStrLen = CommandToken.Get("HSTRLEN");
    public static readonly CommandToken HRandField = CommandToken.Get("HRANDFIELD");
    public static readonly CommandToken HScan = CommandToken.Get("HSCAN");
    public static readonly CommandToken HExpire = CommandToken.Get("HEXPIRE");
    public static readonly CommandToken HPExpire = CommandToken.Get("HPEXPIRE");
    public static readonly CommandToken HExpireAt = CommandToken.Get("HEXPIREAT");
    public static readonly CommandToken HPExpireAt = CommandToken.Get("HPEXPIREAT");
    public static readonly CommandToken HTtl = CommandToken.Get("HTTL");
    public static readonly CommandToken HPTtl = CommandToken.Get("HPTTL");
    public static readonly CommandToken HExpireTime = CommandToken.Get("HEXPIRETIME");
    public static readonly CommandToken HPExpireTime = CommandToken.Get("HPEXPIRETIME");
    public static readonly CommandToken HPersist = CommandToken.Get("HPERSIST");

    // Keywords
    public static readonly CommandToken WithValues = CommandToken.Get("WITHVALUES");
    public static readonly CommandToken Fields = CommandToken.Get("FIELDS");
}
