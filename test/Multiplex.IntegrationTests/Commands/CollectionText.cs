namespace Multiplex.IntegrationTests.Commands;

/// <summary>Turns collection replies into text so assertions read as plain strings.</summary>
internal static class CollectionText
{
    public static string?[] AsText(this IEnumerable<RedisValue> values) => values.Select(value => (string?)value).ToArray();

    public static string?[] AsSortedText(this IEnumerable<RedisValue> values) =>
        values.Select(value => (string?)value).Order(StringComparer.Ordinal).ToArray();

    public static (string?, string?)[] AsText(this IEnumerable<HashEntry> entries) =>
        entries.Select(entry => ((string?)entry.Name, (string?)entry.Value)).ToArray();

    public static (string?, string?)[] AsSortedText(this IEnumerable<HashEntry> entries) =>
        entries.AsText().OrderBy(entry => entry.Item1, StringComparer.Ordinal).ToArray();
}
