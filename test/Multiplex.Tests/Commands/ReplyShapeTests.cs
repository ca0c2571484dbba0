using Multiplex.Commands.Geo;
using Multiplex.Commands.SortedSets;
using Multiplex.Commands.Streams;
using Multiplex.Protocol;
using Multiplex.Tests.Protocol;

namespace Multiplex.Tests.Commands;

/// <summary>The sorted-set, geo and stream parsers give the same result for a RESP2 and a RESP3 reply.</summary>
public sealed class ReplyShapeTests
{
    private const string StreamEntries = "*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n";

    [TestCase("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n", TestName = "Flat RESP2 WITHSCORES reply")]
    [TestCase("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", TestName = "Nested RESP3 WITHSCORES reply")]
    public void Sorted_set_entries_read_from_flat_or_nested_pairs(string wire)
    {
        var entries = Wire.Parse(SortedSetParsers.Entries, wire);
        Assert.That(entries, Is.EqualTo(new[] { new SortedSetEntry("a", 1), new SortedSetEntry("b", 2.5) }));
    }

    [TestCase("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n")]
    [TestCase("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n")]
    public void Sorted_set_entries_read_from_a_frame_split_byte_by_byte(string wire)
    {
        var reader = new RespReader(Wire.BytePerSegment(Wire.Bytes(wire)));
        reader.TryMoveNext();
        Assert.That(SortedSetParsers.Entries.Parse(ref reader), Is.EqualTo(new[] { new SortedSetEntry("a", 1), new SortedSetEntry("b", 2.5) }));
    }

    [TestCase("*2\r\n$1\r\na\r\n+b\r\n", TestName = "Members as bulk and simple strings")]
    [TestCase("*-1\r\n", TestName = "A null array of members")]
    public void Member_arrays_read_as_values(string wire)
    {
        var values = Wire.Parse(SortedSetParsers.Values, wire);
        Assert.That(values.Select(v => (string?)v), Is.EqualTo(wire.StartsWith("*-1", StringComparison.Ordinal) ? Array.Empty<string>() : new[] { "a", "b" }));
    }

    [TestCase("$-1\r\n", null)]
    [TestCase("_\r\n", null)]
    [TestCase("$4\r\n-2.5\r\n", -2.5)]
    [TestCase(",-2.5\r\n", -2.5)]
    [TestCase("$3\r\ninf\r\n", double.PositiveInfinity)]
    [TestCase(",inf\r\n", double.PositiveInfinity)]
    public void A_nullable_score_reads_text_doubles_and_nulls(string wire, double? expected) =>
        Assert.That(Wire.Parse(SortedSetParsers.NullableDouble, wire), Is.EqualTo(expected));

    [TestCase("*2\r\n$1\r\na\r\n$1\r\n3\r\n", TestName = "ZPOPMIN without count, RESP2")]
    [TestCase("*2\r\n$1\r\na\r\n,3\r\n", TestName = "ZPOPMIN without count, RESP3")]
    public void A_single_popped_entry_reads_from_a_flat_pair(string wire) =>
        Assert.That(Wire.Parse(SortedSetParsers.SingleEntry, wire), Is.EqualTo(new SortedSetEntry("a", 3)));

    [TestCase("*1\r\n*2\r\n$1\r\ns\r\n" + StreamEntries, TestName = "XREAD array of pairs, RESP2")]
    [TestCase("%1\r\n$1\r\ns\r\n" + StreamEntries, TestName = "XREAD map, RESP3")]
    public void Stream_read_results_read_from_a_map_or_pairs(string wire)
    {
        var results = Wire.Parse(StreamParsers.ReadResults, wire);
        Assert.That(results.Select(r => (string?)r.Key), Is.EqualTo(new[] { "s" }));
        Assert.That(results[0].Entries.Single().Id, Is.EqualTo("1-0"));
        Assert.That((string?)results[0].Entries.Single()["f"], Is.EqualTo("v"));
    }

    [TestCase("*-1\r\n")]
    [TestCase("_\r\n")]
    public void An_empty_XREAD_is_an_empty_array(string wire) =>
        Assert.That(Wire.Parse(StreamParsers.ReadResults, wire), Is.Empty);

    [TestCase("*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-0\r\n$12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n$-1\r\n", TestName = "XINFO GROUPS flat, RESP2")]
    [TestCase("*1\r\n%6\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-0\r\n$12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n_\r\n", TestName = "XINFO GROUPS map, RESP3")]
    public void Group_info_reads_from_a_map_or_flat_pairs(string wire) =>
        Assert.That(Wire.Parse(StreamInfoParsers.Groups, wire), Is.EqualTo(new[] { new StreamGroupInfo("g", 1, 2, "2-0", 2, null) }));

    [Test]
    public void A_pending_summary_with_nothing_pending_has_null_ids_and_no_consumers()
    {
        var summary = Wire.Parse(StreamParsers.PendingSummary, "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n");
        Assert.That((summary.Count, summary.LowestId, summary.HighestId, summary.Consumers), Is.EqualTo((0L, (string?)null, (string?)null, Array.Empty<StreamPendingConsumer>())));
    }

    [TestCase("*1\r\n*2\r\n$1\r\np\r\n*2\r\n$4\r\n13.5\r\n$2\r\n38\r\n", TestName = "GEOSEARCH WITHCOORD, RESP2")]
    [TestCase("*1\r\n*2\r\n$1\r\np\r\n*2\r\n,13.5\r\n,38\r\n", TestName = "GEOSEARCH WITHCOORD, RESP3")]
    public void Geo_positions_read_from_text_or_doubles(string wire)
    {
        var result = Wire.Parse(GeoParsers.SearchResults[(int)GeoSearchDetails.Position], wire).Single();
        Assert.That(((string?)result.Member, result.Position, result.Distance), Is.EqualTo(("p", (GeoPosition?)new GeoPosition(13.5, 38), (double?)null)));
    }

    [Test]
    public void A_reply_of_the_wrong_shape_is_a_protocol_error() =>
        Assert.Throws<RedisProtocolException>(() => Wire.Parse(StreamParsers.PendingSummary, ":1\r\n"));
}
