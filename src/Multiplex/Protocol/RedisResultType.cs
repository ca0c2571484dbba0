namespace Multiplex;

/// <summary>
/// The RESP type of a <see cref="RedisResult"/>, one value per type of the RESP2 and RESP3 protocols
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
/// </summary>
public enum RedisResultType
{
    /// <summary>A one-line status such as <c>OK</c>.</summary>
    SimpleString,

    /// <summary>A one-line error; see <see cref="RedisResult.ErrorMessage"/>.</summary>
    SimpleError,

    /// <summary>A signed 64-bit integer.</summary>
    Integer,

    /// <summary>A binary-safe string (null when a RESP2 server sends <c>$-1</c>).</summary>
    BulkString,

    /// <summary>An ordered list of results (null when a RESP2 server sends <c>*-1</c>).</summary>
    Array,

    /// <summary>The RESP3 null.</summary>
    Null,

    /// <summary>A RESP3 boolean.</summary>
    Boolean,

    /// <summary>A RESP3 double, possibly infinite or NaN.</summary>
    Double,

    /// <summary>A RESP3 integer too large for 64 bits, kept as its decimal text.</summary>
    BigNumber,

    /// <summary>A RESP3 binary-safe error; see <see cref="RedisResult.ErrorMessage"/>.</summary>
    BulkError,

    /// <summary>A RESP3 string with a format such as <c>txt</c> or <c>mkd</c>; the value excludes the format.</summary>
    VerbatimString,

    /// <summary>A RESP3 map; see <see cref="RedisResult.MapEntries"/>.</summary>
    Map,

    /// <summary>A RESP3 unordered collection.</summary>
    Set,

    /// <summary>RESP3 metadata decorating another result; see <see cref="RedisResult.Attributes"/>.</summary>
    Attribute,

    /// <summary>A RESP3 out-of-band message (pub/sub, invalidation).</summary>
    Push,
}
