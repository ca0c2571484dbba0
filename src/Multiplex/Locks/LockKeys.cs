namespace Multiplex;

/// <summary>
/// The keys of one lock: the lock itself, its fencing counter (kept in the same hash slot, so one
/// script can touch both on a cluster) and the channel its releases are announced on.
/// </summary>
internal readonly record struct LockKeys(RedisKey Lock, RedisKey Fence, RedisValue Channel)
{
    public static LockKeys For(RedisKey name)
    {
        var text = name.ToString();
        if (text.Length == 0)
        {
            throw new ArgumentException("A lock needs a name (its key).", nameof(name));
        }

        var slot = RedisClient.HashSlotOf(name);

        // A name with a hash tag keeps it; any other is made the tag of its counter.
        RedisKey fence = text + ":fence";
        if (RedisClient.HashSlotOf(fence) != slot)
        {
            fence = "{" + text + "}:fence";
        }

        if (RedisClient.HashSlotOf(fence) != slot)
        {
            throw new ArgumentException($"The lock name {text} has braces that keep its fencing counter out of its hash slot: use a name without braces, or with a hash tag such as {{tag}}name.", nameof(name));
        }

        return new LockKeys(name, fence, "__multiplex_lock__:" + text + ":released");
    }
}
