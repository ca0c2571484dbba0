namespace Multiplex.Commands.Geo;

/// <summary>Reply parsers for geo commands; coordinates and distances may be doubles (RESP3) or text (RESP2).</summary>
internal static class GeoParsers
{
    public static readonly ReplyParser<GeoPosition?[]> Positions = new ConvertingParser<GeoPosition?[]>(
        result => [.. result.Elements.Select(ToPosition)]);

    public static readonly ReplyParser<string?[]> Hashes = new ConvertingParser<string?[]>(ReplyShapes.Strings);

    /// <summary>Parsers for each combination of <see cref="GeoSearchDetails"/>, indexed by the flags.</summary>
    public static readonly ReplyParser<GeoSearchResult[]>[] SearchResults =
        [.. Enumerable.Range(0, (int)GeoSearchDetails.All + 1).Select(flags => new ConvertingParser<GeoSearchResult[]>(result => ToResults(result, (GeoSearchDetails)flags)))];

    private static GeoPosition? ToPosition(RedisResult result) =>
        result.IsNull ? null : new GeoPosition((double)result[0], (double)result[1]);

    private static GeoSearchResult[] ToResults(RedisResult result, GeoSearchDetails details)
    {
        var matches = new GeoSearchResult[result.Count];
        for (var i = 0; i < matches.Length; i++)
        {
            var item = result[i];
            if (details == GeoSearchDetails.None)
            {
                matches[i] = new GeoSearchResult((RedisValue)item, null, null, null);
                continue;
            }

            // The server sends the details in this order: distance, hash, coordinates.
            var next = 1;
            double? distance = details.HasFlag(GeoSearchDetails.Distance) ? (double)item[next++] : null;
            long? hash = details.HasFlag(GeoSearchDetails.Hash) ? (long)item[next++] : null;
            var position = details.HasFlag(GeoSearchDetails.Position) ? ToPosition(item[next]) : null;
            matches[i] = new GeoSearchResult((RedisValue)item[0], distance, hash, position);
        }

        return matches;
    }
}
