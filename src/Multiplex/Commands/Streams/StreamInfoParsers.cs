namespace Multiplex.Commands.Streams;

/// <summary>Parsers for XINFO STREAM, GROUPS and CONSUMERS; fields a server does not send stay null.</summary>
internal static class StreamInfoParsers
{
    public static readonly ReplyParser<StreamInfo> Stream = new ConvertingParser<StreamInfo>(result =>
    {
        var fields = result.ToDictionary();
        return new StreamInfo
        {
            Length = (long)fields["length"],
            RadixTreeKeys = Int64(fields, "radix-tree-keys") ?? 0,
            RadixTreeNodes = Int64(fields, "radix-tree-nodes") ?? 0,
            Groups = Int64(fields, "groups") ?? 0,
            LastGeneratedId = ReplyShapes.Text(fields["last-generated-id"]),
            MaxDeletedEntryId = Text(fields, "max-deleted-entry-id"),
            EntriesAdded = Int64(fields, "entries-added"),
            RecordedFirstEntryId = Text(fields, "recorded-first-entry-id"),
            FirstEntry = fields.TryGetValue("first-entry", out var first) ? StreamParsers.ToNullableEntry(first) : null,
            LastEntry = fields.TryGetValue("last-entry", out var last) ? StreamParsers.ToNullableEntry(last) : null,
        };
    });

    public static readonly ReplyParser<StreamGroupInfo[]> Groups = new ConvertingParser<StreamGroupInfo[]>(result =>
        [.. result.Elements.Select(item =>
        {
            var fields = item.ToDictionary();
            return new StreamGroupInfo(
                ReplyShapes.Text(fields["name"]),
                (long)fields["consumers"],
                (long)fields["pending"],
                ReplyShapes.Text(fields["last-delivered-id"]),
                Int64(fields, "entries-read"),
                Int64(fields, "lag"));
        })]);

    public static readonly ReplyParser<StreamConsumerInfo[]> Consumers = new ConvertingParser<StreamConsumerInfo[]>(result =>
        [.. result.Elements.Select(item =>
        {
            var fields = item.ToDictionary();

            // -1 means the consumer has never had a successful read or claim.
            var inactive = Int64(fields, "inactive");
            return new StreamConsumerInfo(
                ReplyShapes.Text(fields["name"]),
                (long)fields["pending"],
                TimeSpan.FromMilliseconds((long)fields["idle"]),
                inactive is >= 0 ? TimeSpan.FromMilliseconds(inactive.Value) : null);
        })]);

    private static long? Int64(Dictionary<string, RedisResult> fields, string name) =>
        fields.TryGetValue(name, out var value) ? ReplyShapes.NullableInt64(value) : null;

    private static string? Text(Dictionary<string, RedisResult> fields, string name) =>
        fields.TryGetValue(name, out var value) ? (string?)value : null;
}
