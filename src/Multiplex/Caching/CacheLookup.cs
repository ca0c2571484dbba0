namespace Multiplex.Caching;

/// <summary>
/// What looking a read up in the cache before renting its command found, when it found nothing
/// (<see cref="RedisCommands"/>' <c>TryReadCached</c>): what sending the read does with the cache then.
/// </summary>
internal enum CacheLookup : byte
{
    /// <summary>Not looked up: sending looks it up (or finds it is not cached).</summary>
    None,

    /// <summary>Missed, and the cache admits the reply: sending holds a place for it.</summary>
    Admitted,

    /// <summary>Missed, and the reply is not to be stored (not admitted, or its lookup key is too long): sent as it is.</summary>
    Skipped,
}
