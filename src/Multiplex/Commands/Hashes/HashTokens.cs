using Multiplex.Protocol;
using Multiplex.Topology;

namespace Multiplex.Commands.Hashes;

/// <summary>Pre-encoded names of the hash commands and their keywords.</summary>
internal static class HashTokens
{
    public static readonly CommandSpec HSet = CommandSpec.Write("HSET", KeySpec.First);
    public static readonly CommandSpec HSetNx = CommandSpec.Write("HSETNX", KeySpec.First);
    public static readonly CommandSpec HGet = CommandSpec.Read("HGET", KeySpec.First);
    public static readonly CommandSpec HMGet = CommandSpec.Read("HMGET", KeySpec.First);
    public static readonly CommandSpec HGetAll = CommandSpec.Read("HGETALL", KeySpec.First);
    public static readonly CommandSpec HDel = CommandSpec.Write("HDEL", KeySpec.First);
    public static readonly CommandSpec HExists = CommandSpec.Read("HEXISTS", KeySpec.First);
    public static readonly CommandSpec HIncrBy = CommandSpec.Write("HINCRBY", KeySpec.First);
    public static readonly CommandSpec HIncrByFloat = CommandSpec.Write("HINCRBYFLOAT", KeySpec.First);
    public static readonly CommandSpec HKeys = CommandSpec.Read("HKEYS", KeySpec.First);
    public static readonly CommandSpec HVals = CommandSpec.Read("HVALS", KeySpec.First);
    public static readonly CommandSpec HLen = CommandSpec.Read("HLEN", KeySpec.First);
    public static readonly CommandSpec HStrLen = CommandSpec.Read("HSTRLEN", KeySpec.First);
    public static readonly CommandSpec HRandField = CommandSpec.Read("HRANDFIELD", KeySpec.First);
    public static readonly CommandSpec HScan = CommandSpec.Read("HSCAN", KeySpec.First);
    // Hash-field expiry (Redis 7.4+): the key is the first argument.
    public static readonly CommandSpec HExpire = CommandSpec.Write("HEXPIRE", KeySpec.First);
    public static readonly CommandSpec HPExpire = CommandSpec.Write("HPEXPIRE", KeySpec.First);
    // Hash-field expiry (Redis 7.4+): the key is the first argument.
    public static readonly CommandSpec HExpireAt = CommandSpec.Write("HEXPIREAT", KeySpec.First);
    public static readonly CommandSpec HPExpireAt = CommandSpec.Write("HPEXPIREAT", KeySpec.First);
    public static readonly CommandSpec HTtl = CommandSpec.Read("HTTL", KeySpec.First);
    public static readonly CommandSpec HPTtl = CommandSpec.Read("HPTTL", KeySpec.First);
    // Hash-field expiry (Redis 7.4+): the key is the first argument.
    public static readonly CommandSpec HExpireTime = CommandSpec.Read("HEXPIRETIME", KeySpec.First);
    public static readonly CommandSpec HPExpireTime = CommandSpec.Read("HPEXPIRETIME", KeySpec.First);
    public static readonly CommandSpec HPersist = CommandSpec.Write("HPERSIST", KeySpec.First);

    // Keywords
    public static readonly CommandToken WithValues = CommandToken.Get("WITHVALUES");
    public static readonly CommandToken Fields = CommandToken.Get("FIELDS");
}
