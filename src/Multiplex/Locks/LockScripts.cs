namespace Multiplex;

/// <summary>The lock's Lua scripts: every change checks the holder's token first, in one step.</summary>
internal static class LockScripts
{
    /// <summary>KEYS: lock, fence. ARGV: token, lease ms. The new fencing number, or nil when the lock is held.</summary>
    public static readonly LuaScript Acquire = new("""
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return redis.call('INCR', KEYS[2])
        end
        return false
        """);

    /// <summary>KEYS: lock. ARGV: token, release channel. 1 when released, 0 when not held by the token.</summary>
    public static readonly LuaScript Release = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('PUBLISH', ARGV[2], 'released')
          return 1
        end
        return 0
        """);

    /// <summary>KEYS: lock. ARGV: token, ms, replace (1) or add (0). The new time left in ms when extended, 0 when not held, -1 when it has no expiry.</summary>
    public static readonly LuaScript Extend = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        if ARGV[3] == '1' then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return redis.call('PTTL', KEYS[1])
        end
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then
          return -1
        end
        redis.call('PEXPIRE', KEYS[1], left + tonumber(ARGV[2]))
        return redis.call('PTTL', KEYS[1])
        """);
}
