namespace Multiplex.Extensions.DependencyInjection;

/// <summary>
/// The Lua scripts behind <see cref="MultiplexDistributedCache"/>. An entry is a hash with fields
/// <c>v</c> (the value), <c>a</c> (absolute expiry, Unix milliseconds by the server clock, or -1) and
/// <c>s</c> (sliding window in milliseconds, or -1); its TTL is the sliding window clipped to the
/// absolute expiry, or the absolute expiry alone. Each script reads and writes the hash and its TTL
/// in one atomic step, and all times are compared on the server's clock (TIME), so client clock skew
/// moves only absolute expiries given as instants.
/// </summary>
internal static class CacheScripts
{
    /// <summary>KEYS[1] the entry; ARGV value, absolute Unix ms or -1, relative-to-now ms or -1, sliding ms or -1.</summary>
    public static readonly LuaScript Set = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local absolute = tonumber(ARGV[2])
        local relative = tonumber(ARGV[3])
        local sliding = tonumber(ARGV[4])
        if relative >= 0 and (absolute < 0 or now + relative < absolute) then
          absolute = now + relative
        end
        local ttl = -1
        if sliding > 0 then ttl = sliding end
        if absolute >= 0 and (ttl < 0 or absolute - now < ttl) then ttl = absolute - now end
        redis.call('DEL', KEYS[1])
        if absolute >= 0 and ttl <= 0 then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[1], 'a', absolute, 's', sliding)
        if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
        return 1
        """);

    /// <summary>
    /// KEYS[1] the entry; ARGV[1] '1' to return the value, '0' to refresh only. Slides the TTL (never
    /// past the absolute expiry) and returns the value, or nil when there is no entry.
    /// </summary>
    public static readonly LuaScript GetAndRefresh = new("""
        local entry = redis.call('HMGET', KEYS[1], 'v', 'a', 's')
        if not entry[1] then return false end
        local sliding = tonumber(entry[3])
        if sliding and sliding > 0 then
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          local ttl = sliding
          local absolute = tonumber(entry[2])
          if absolute and absolute >= 0 and absolute - now < ttl then ttl = absolute - now end
          if ttl <= 0 then
            redis.call('DEL', KEYS[1])
            return false
          end
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        if ARGV[1] == '1' then return entry[1] end
        return 1
        """);
}
