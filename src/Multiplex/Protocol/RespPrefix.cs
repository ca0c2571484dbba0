namespace Multiplex.Protocol;

/// <summary>
/// The first byte of every RESP element, which names its type
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
/// </summary>
internal enum RespPrefix : byte
{
    /// <summary>No element has been read yet.</summary>
    None = 0,

    /// <summary>RESP2 simple string: one line of text.</summary>
    SimpleString = (byte)'+',

    /// <summary>RESP2 simple error: one line of text.</summary>
    SimpleError = (byte)'-',

    /// <summary>RESP2 signed 64-bit integer.</summary>
    Integer = (byte)':',

    /// <summary>RESP2 length-prefixed binary string; <c>$-1</c> is the RESP2 null.</summary>
    BulkString = (byte)'$',

    /// <summary>RESP2 array; <c>*-1</c> is the RESP2 null array.</summary>
    Array = (byte)'*',

    /// <summary>RESP3 null.</summary>
    Null = (byte)'_',

    /// <summary>RESP3 boolean: <c>#t</c> or <c>#f</c>.</summary>
    Boolean = (byte)'#',

    /// <summary>RESP3 double, with <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    Double = (byte)',',

    /// <summary>RESP3 integer of any size, as decimal digits.</summary>
    BigNumber = (byte)'(',

    /// <summary>RESP3 length-prefixed error.</summary>
    BulkError = (byte)'!',

    /// <summary>RESP3 length-prefixed string whose first four bytes name its format (<c>txt:</c>, <c>mkd:</c>).</summary>
    VerbatimString = (byte)'=',

    /// <summary>RESP3 map: a count of key/value pairs, then the keys and values alternately.</summary>
    Map = (byte)'%',

    /// <summary>RESP3 set.</summary>
    Set = (byte)'~',

    /// <summary>RESP3 attribute: a map of metadata that decorates the element that follows it.</summary>
    Attribute = (byte)'|',

    /// <summary>RESP3 out-of-band push message (pub/sub, invalidation).</summary>
    Push = (byte)'>',
}
