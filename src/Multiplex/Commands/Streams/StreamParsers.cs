namespace Multiplex.Commands.Streams;

/// <summary>
/// Reply parsers for streams. XREAD and XREADGROUP reply with a map (RESP3) or an array of
/// <c>[key, entries]</c> pairs (RESP2); the XINFO replies are maps or flat name/value arrays.
/// </summary>
internal static class StreamParsers
{
    public static readonly ReplyParser<string> Id = new ConvertingParser<string>(ReplyShapes.Text);

    public static readonly ReplyParser<string?> NullableId = new ConvertingParser<string?>(result => (string?)result);

    public static readonly ReplyParser<StreamEntry[]> Entries = new ConvertingParser<StreamEntry[]>(ToEntries);

    public static readonly ReplyParser<string[]> Ids = new ConvertingParser<string[]>(ToIds);

    public static readonly ReplyParser<StreamReadResult[]> ReadResults = new ConvertingParser<StreamReadResult[]>(result =>
        [.. result.ToPairs().Select(pair => new StreamReadResult(ReplyShapes.Text(pair.Key), ToEntries(pair.Value)))]);

    public static readonly ReplyParser<StreamEntry[]> SingleStream = new ConvertingParser<StreamEntry[]>(result =>
    {
        var pairs = result.ToPairs();
        return pairs.Count == 0 ? [] : ToEntries(pairs[0].Value);
    });

    public static readonly ReplyParser<StreamPendingSummary> PendingSummary = new ConvertingParser<StreamPendingSummary>(result =>
        new StreamPendingSummary(
            (long)result[0],
            (string?)result[1],
            (string?)result[2],
            [.. result[3].Elements.Select(c => new StreamPendingConsumer(ReplyShapes.Text(c[0]), (long)c[1]))]));

    public static readonly ReplyParser<StreamPendingEntry[]> PendingEntries = new ConvertingParser<StreamPendingEntry[]>(result =>
        [.. result.Elements.Select(e => new StreamPendingEntry(ReplyShapes.Text(e[0]), ReplyShapes.Text(e[1]), TimeSpan.FromMilliseconds((long)e[2]), (long)e[3]))]);

    public static readonly ReplyParser<StreamAutoClaimResult> AutoClaim = new ConvertingParser<StreamAutoClaimResult>(result =>
        new StreamAutoClaimResult(ReplyShapes.Text(result[0]), ToEntries(result[1]), DeletedIds(result)));

    public static readonly ReplyParser<StreamAutoClaimIdsResult> AutoClaimIds = new ConvertingParser<StreamAutoClaimIdsResult>(result =>
        new StreamAutoClaimIdsResult(ReplyShapes.Text(result[0]), ToIds(result[1]), DeletedIds(result)));

    /// <summary>Entries from <c>[[id, [field, value, …]], …]</c>; an entry with null fields (deleted) gets none; a null entry is skipped.</summary>
    public static StreamEntry[] ToEntries(RedisResult result)
    {
        if (result.IsNull)
        {
            return [];
        }

        var entries = new List<StreamEntry>(result.Count);
        foreach (var item in result.Elements)
        {
            if (!item.IsNull)
            {
                entries.Add(ToEntry(item));
            }
        }

        return [.. entries];
    }

    /// <summary>One <c>[id, [field, value, …]]</c> entry; null for a null reply.</summary>
    public static StreamEntry? ToNullableEntry(RedisResult result) => result.IsNull ? null : ToEntry(result);

    private static StreamEntry ToEntry(RedisResult item)
    {
        var fields = item[1];
        var pairs = new StreamField[fields.IsNull ? 0 : fields.Count / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new StreamField((RedisValue)fields[2 * i], (RedisValue)fields[(2 * i) + 1]);
        }

        return new StreamEntry(ReplyShapes.Text(item[0]), pairs);
    }

    private static string[] ToIds(RedisResult result) => [.. result.Elements.Select(ReplyShapes.Text)];

    // Redis 7.0 added the third element; older servers send two.
    private static string[] DeletedIds(RedisResult result) => result.Count > 2 ? ToIds(result[2]) : [];
}
