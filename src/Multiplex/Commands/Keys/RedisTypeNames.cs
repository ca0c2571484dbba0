namespace Multiplex.Commands.Keys;

/// <summary>The names Redis uses for the types of <see cref="RedisType"/> (<c>TYPE</c> replies, <c>SCAN … TYPE</c>).</summary>
internal static class RedisTypeNames
{
    public static RedisType Parse(string? name) => name switch
    {
        "none" => RedisType.None,
        "string" => RedisType.String,
        "list" => RedisType.List,
        "set" => RedisType.Set,
        "zset" => RedisType.SortedSet,
        "hash" => RedisType.Hash,
        "stream" => RedisType.Stream,
        "vectorset" => RedisType.VectorSet,
        _ => RedisType.Unknown,
    };

    public static string ToName(RedisType type, string parameterName) => type switch
    {
        RedisType.String => "string",
        RedisType.List => "list",
        RedisType.Set => "set",
        RedisType.SortedSet => "zset",
        RedisType.Hash => "hash",
        RedisType.Stream => "stream",
        RedisType.VectorSet => "vectorset",
        _ => throw new ArgumentOutOfRangeException(parameterName, type, "Only a concrete type can be asked for."),
    };
}
