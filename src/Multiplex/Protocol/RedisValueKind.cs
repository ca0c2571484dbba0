namespace Multiplex.Protocol;

/// <summary>How a <see cref="RedisValue"/> stores its payload.</summary>
internal enum RedisValueKind : byte
{
    Null,
    String,
    Bytes,
    Int64,
    Double,
}
