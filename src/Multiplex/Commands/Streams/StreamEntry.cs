namespace Multiplex;

/// <summary>A stream entry: its ID and its fields in the order they were added.</summary>
/// <param name="Id">The entry ID (<c>milliseconds-sequence</c>).</param>
/// <param name="Fields">The fields; empty for an entry that was deleted after it was delivered to a consumer group.</param>
public sealed record StreamEntry(string Id, StreamField[] Fields)
{
    /// <summary>The value of the first field named <paramref name="name"/>, or <see cref="RedisValue.Null"/>.</summary>
    /// <param name="name">The field name.</param>
    public RedisValue this[RedisValue name] => Array.Find(Fields, field => field.Name == name).Value;
}
