namespace Multiplex;

/// <summary>
/// The keys of one lock: the lock itself, its fencing counter (kept in the same hash slot, so one
/// script can touch both on a cluster) and the channel its releases are announced on; and the name the
/// caller gave it (through a key-prefix view, the lock's key without the prefix).
/// </summary>
internal readonly record struct LockKeys(RedisKey Lock, RedisKey Fence, RedisValue Channel, RedisKey Name)
{
    /// <summary>The keys of the lock <paramref name="name"/>, taken through a view with <paramref name="prefixer"/> (or none).</summary>
    public static LockKeys For(RedisKey name, Views.KeyPrefixer? prefixer)
    {
        if (name.ToString().Length == 0)
        {
            throw new ArgumentException("A lock needs a name (its key).", nameof(name));
        }

        // Derived from the key as stored, so a prefix's hash tag (or its absence) places the counter.
        var key = prefixer is null ? name : prefixer.Prepend(name);
        var text = key.ToString();
        var slot = RedisClient.HashSlotOf(key);

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

        return new LockKeys(key, fence, "__multiplex_lock__:" + text + ":released", name);
    }
}
