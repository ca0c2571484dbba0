using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Streams;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class StreamBasicTests(ServerKind kind) : StreamFixture(kind)
{
    [Test]
    public async Task XAdd_with_an_automatic_or_explicit_id_and_fields_round_trip()
    {
        var key = TestClients.Key("s");
        string auto = await Client.XAddAsync(key, [new("name", "ada"), new("age", 36)]);
        Assert.That(auto, Does.Match(@"^\d+-\d+$"));
        Assert.That(await Client.XAddAsync(key, [new("name", "bob")], id: "99999999999999-5"), Is.EqualTo("99999999999999-5"));
        var entries = await Client.XRangeAsync(key);
        Assert.That(Ids(entries), Is.EqualTo(new[] { auto, "99999999999999-5" }));
        Assert.That(entries[0].Fields.Select(f => ((string?)f.Name, (string?)f.Value)), Is.EqualTo(new[] { ("name", "ada"), ("age", "36") }));
        Assert.That((string?)entries[0]["age"], Is.EqualTo("36"));
        Assert.That(entries[0]["missing"].IsNull, Is.True);
    }

    [Test]
    public async Task XAdd_creates_a_missing_stream_and_returns_a_non_null_id()
    {
        var key = TestClients.Key("created");
        string id = await Client.XAddAsync(key, [new("f", "v")], id: "5-1", trim: StreamTrim.MaxLength(10));
        Assert.That(id, Is.EqualTo("5-1"));
        Assert.That(Ids(await Client.XRangeAsync(key)), Is.EqualTo(new[] { "5-1" }));
    }

    [Test]
    public async Task XAdd_with_NOMKSTREAM_returns_null_for_a_missing_stream_and_the_id_for_an_existing_one()
    {
        var key = TestClients.Key("missing");
        Assert.That(await Client.XAddNoMakeStreamAsync(key, [new("f", "v")]), Is.Null);
        Assert.That(await Client.ExistsAsync(key), Is.False);

        var existing = await StreamAsync(2);
        Assert.That(await Client.XAddNoMakeStreamAsync(existing, [new("n", 3)], id: "3-0", trim: StreamTrim.MaxLength(2)), Is.EqualTo("3-0"));
        Assert.That(Ids(await Client.XRangeAsync(existing)), Is.EqualTo(new[] { "2-0", "3-0" }));
    }

    [Test]
    public async Task XAdd_and_XTrim_trim_by_length_and_min_id()
    {
        var key = await StreamAsync(5);
        Assert.That(await Client.XAddAsync(key, [new("n", 6)], id: "6-0", trim: StreamTrim.MaxLength(4)), Is.EqualTo("6-0"));
        Assert.That(await Client.XLenAsync(key), Is.EqualTo(4));
        Assert.That(await Client.XTrimAsync(key, StreamTrim.MinId("5-0")), Is.EqualTo(2));
        Assert.That(Ids(await Client.XRangeAsync(key)), Is.EqualTo(new[] { "5-0", "6-0" }));

        // Approximate trimming only drops whole radix-tree nodes, so it keeps both entries here.
        Assert.That(await Client.XTrimAsync(key, StreamTrim.MaxLength(1, approximate: true, limit: 10)), Is.Zero);
        Assert.That(await Client.XTrimAsync(key, StreamTrim.MinId("6-0", approximate: true)), Is.Zero);
        Assert.That(await Client.XTrimAsync(key, StreamTrim.MaxLength(1)), Is.EqualTo(1));
    }

    [Test]
    public async Task XRange_and_XRevRange_with_bounds_and_count()
    {
        var key = await StreamAsync(4);
        Assert.That(Ids(await Client.XRangeAsync(key, "2-0", "3-0")), Is.EqualTo(new[] { "2-0", "3-0" }));
        Assert.That(Ids(await Client.XRangeAsync(key, "(2-0", count: 1)), Is.EqualTo(new[] { "3-0" }));
        Assert.That(Ids(await Client.XRevRangeAsync(key, count: 2)), Is.EqualTo(new[] { "4-0", "3-0" }));
        Assert.That(Ids(await Client.XRevRangeAsync(key, "2-0", "-")), Is.EqualTo(new[] { "2-0", "1-0" }));
        Assert.That(await Client.XRangeAsync(TestClients.Key("none")), Is.Empty);
    }

    [Test]
    public async Task XDel_deletes_existing_entries()
    {
        var key = await StreamAsync(3);
        Assert.That(await Client.XDelAsync(key, ["1-0", "3-0", "9-0"]), Is.EqualTo(2));
        Assert.That(Ids(await Client.XRangeAsync(key)), Is.EqualTo(new[] { "2-0" }));
    }

    [Test]
    public async Task XDel_of_one_id_says_whether_the_entry_existed()
    {
        var key = await StreamAsync(2);
        Assert.That(await Client.XDelAsync(key, "1-0"), Is.True);
        Assert.That(await Client.XDelAsync(key, "1-0"), Is.False);
        Assert.That(await Client.XDelAsync(key, "9-0"), Is.False);
        Assert.That(await Client.XDelAsync(TestClients.Key("none"), "1-0"), Is.False);
        Assert.That(Ids(await Client.XRangeAsync(key)), Is.EqualTo(new[] { "2-0" }));
    }

    [Test]
    public async Task XRead_reads_one_or_several_streams_after_an_id()
    {
        var first = await StreamAsync(3, "first");
        var second = await StreamAsync(2, "second");
        Assert.That(Ids(await Client.XReadAsync(first, "1-0")), Is.EqualTo(new[] { "2-0", "3-0" }));
        Assert.That(await Client.XReadAsync(first, "3-0"), Is.Empty);
        var results = await Client.XReadAsync([new(first, "2-0"), new(second, "0-0")], count: 1);
        Assert.That(results.Select(r => (string?)r.Key), Is.EqualTo(new[] { first, second }));
        Assert.That(results.Select(r => Ids(r.Entries)), Is.EqualTo(new[] { new[] { "3-0" }, new[] { "1-0" } }));
        Assert.That((long)results[0].Entries[0]["n"], Is.EqualTo(3));
        Assert.That(await Client.XReadAsync([new(first, "3-0"), new(second, "2-0")]), Is.Empty);
    }

    [Test]
    public void Argument_errors_are_thrown_before_sending()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XAddAsync("k", []));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XAddAsync("k", [new("f", RedisValue.Null)]));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XAddAsync("k", [new("f", "v")], id: ""));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XAddNoMakeStreamAsync("k", []));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XDelAsync("k", ""));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XAckAsync("k", "g", ""));
        Assert.Throws<ArgumentException>(() => StreamTrim.MaxLength(5, approximate: false, limit: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamTrim.MaxLength(-1));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XDelAsync("k", []));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XReadAsync([]));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Client.XRangeAsync("k", count: 0));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XAckAsync("k", "g", []));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XClaimAsync("k", "g", "c", TimeSpan.Zero, ["1-0"], new StreamClaimOptions { Idle = TimeSpan.FromSeconds(1), Time = DateTimeOffset.UtcNow }));
        Assert.ThrowsAsync<ArgumentException>(async () => await Client.XReadGroupAsync("k", RedisValue.Null, "c"));
    }

    [Test]
    public async Task A_stream_command_on_a_string_is_WRONGTYPE()
    {
        var key = TestClients.Key("string");
        await Client.SetAsync(key, "x");
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.XAddAsync(key, [new("f", "v")]));
        Assert.That(error!.Kind, Is.EqualTo(ServerErrorKind.WrongType));
        Assert.That(error.Command, Is.EqualTo("XADD"));
    }
}
