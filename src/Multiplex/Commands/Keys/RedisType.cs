namespace Multiplex;

/// <summary>The type of the value stored at a key, as <c>TYPE</c> reports it.</summary>
public enum RedisType
{
    /// <summary>The key does not exist (<c>none</c>).</summary>
    None,

    /// <summary>A string (<c>string</c>).</summary>
    String,

    /// <summary>A list (<c>list</c>).</summary>
    List,

    /// <summary>A set (<c>set</c>).</summary>
    Set,

    /// <summary>A sorted set (<c>zset</c>).</summary>
    SortedSet,

    /// <summary>A hash (<c>hash</c>).</summary>
    Hash,

    /// <summary>A stream (<c>stream</c>).</summary>
    Stream,

    /// <summary>A vector set (<c>vectorset</c>, Redis 8.0+).</summary>
    VectorSet,

    /// <summary>A type this client does not know, such as a module's type.</summary>
    Unknown,
}
