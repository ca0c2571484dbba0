namespace Multiplex.Commands;

/// <summary>Reply parsers of the vector-set commands; RESP3 maps and RESP2 flat arrays give the same results.</summary>
internal static class VectorParsers
{
    public static readonly ReplyParser<VectorMatch[]> Matches = ServerParsers.FromResult(result => ToMatches(result, withAttributes: false));

    public static readonly ReplyParser<VectorMatch[]> MatchesWithAttributes = ServerParsers.FromResult(result => ToMatches(result, withAttributes: true));

    public static readonly ReplyParser<float[]?> Embedding = ServerParsers.FromResult(result =>
        result.IsNull ? null : result.Elements.Select(value => (float)(double)value).ToArray());

    public static readonly ReplyParser<VectorMatch[][]?> Links = ServerParsers.FromResult(result =>
        result.IsNull ? null : result.Elements.Select(level => ToMatches(level, withAttributes: false)).ToArray());

    // A field the server repeats keeps its last value (as RedisResult.ToDictionary does), instead of throwing.
    public static readonly ReplyParser<Dictionary<string, RedisValue>?> Info = ServerParsers.FromResult(result =>
        result.IsNull ? null : result.ToDictionary().ToDictionary(pair => pair.Key, pair => (RedisValue)pair.Value, StringComparer.Ordinal));

    public static readonly ReplyParser<RedisValue[]> Values = ServerParsers.FromResult(result =>
        result.IsNull ? [] : result.Elements.Select(value => (RedisValue)value).ToArray());

    /// <summary>
    /// Elements with scores (and attributes): a RESP3 map of element to score (or to a
    /// <c>[score, attributes]</c> pair), or a RESP2 flat array of pairs (or triples).
    /// </summary>
    private static VectorMatch[] ToMatches(RedisResult result, bool withAttributes)
    {
        if (result.IsNull)
        {
            return [];
        }

        if (result.Type == RedisResultType.Map)
        {
            return result.MapEntries!.Select(entry => entry.Value.IsAggregate
                ? new VectorMatch((RedisValue)entry.Key, (double)entry.Value[0], Attributes(entry.Value[1]))
                : new VectorMatch((RedisValue)entry.Key, (double)entry.Value, null)).ToArray();
        }

        var stride = withAttributes ? 3 : 2;
        if (result.Count % stride != 0)
        {
            throw new InvalidCastException($"Expected element/score{(withAttributes ? "/attributes" : string.Empty)} groups, got {result.Count} items.");
        }

        var matches = new VectorMatch[result.Count / stride];
        for (var i = 0; i < matches.Length; i++)
        {
            var first = i * stride;
            matches[i] = new VectorMatch(
                (RedisValue)result[first],
                (double)result[first + 1],
                withAttributes ? Attributes(result[first + 2]) : null);
        }

        return matches;
    }

    private static string? Attributes(RedisResult value) => value.IsNull ? null : (string?)value;
}
