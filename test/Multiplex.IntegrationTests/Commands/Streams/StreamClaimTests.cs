using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Streams;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class StreamClaimTests(ServerKind kind) : StreamFixture(kind)
{
    [Test]
    public async Task XClaim_moves_entries_and_applies_options()
    {
        var key = await PendingAsync();
        var claimed = await Client.XClaimAsync(key, "g", "bob", TimeSpan.Zero, ["1-0", "2-0"], new StreamClaimOptions { RetryCount = 7 });
        Assert.That(Ids(claimed), Is.EqualTo(new[] { "1-0", "2-0" }));
        Assert.That((long)claimed[0]["n"], Is.EqualTo(1));
        var pending = await Client.XPendingAsync(key, "g", 10, consumer: "bob");
        Assert.That(pending.Select(e => e.DeliveryCount), Is.EqualTo(new[] { 7L, 7L }));
        Assert.That(await Client.XClaimIdsAsync(key, "g", "carol", TimeSpan.Zero, ["3-0"], new StreamClaimOptions { Idle = TimeSpan.FromMinutes(5) }), Is.EqualTo(new[] { "3-0" }));
        var idle = (await Client.XPendingAsync(key, "g", 10, consumer: "carol")).Single().Idle;
        Assert.That(idle, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(await Client.XClaimIdsAsync(key, "g", "dave", TimeSpan.FromHours(1), ["3-0"]), Is.Empty);
    }

    [Test]
    public async Task XClaim_with_TIME_and_FORCE()
    {
        var key = await StreamAsync(2);
        await Client.XGroupCreateAsync(key, "g", "$");
        var options = new StreamClaimOptions { Force = true, Time = DateTimeOffset.UtcNow.AddMinutes(-10) };
        Assert.That(Ids(await Client.XClaimAsync(key, "g", "eve", TimeSpan.Zero, ["1-0"], options)), Is.EqualTo(new[] { "1-0" }));
        var pending = (await Client.XPendingAsync(key, "g", 10)).Single();
        Assert.That((pending.Consumer, pending.Idle >= TimeSpan.FromMinutes(9)), Is.EqualTo(("eve", true)));
    }

    [Test]
    public async Task XAutoClaim_claims_idle_entries_and_reports_deleted_ones()
    {
        var key = await PendingAsync();
        await Client.XDelAsync(key, ["2-0"]);
        var result = await Client.XAutoClaimAsync(key, "g", "bob", TimeSpan.Zero, count: 10);
        Assert.That(result.NextStartId, Is.EqualTo("0-0"));
        Assert.That(Ids(result.Entries), Is.EqualTo(new[] { "1-0", "3-0" }));
        Assert.That(result.DeletedIds, Is.EqualTo(new[] { "2-0" }));
        var ids = await Client.XAutoClaimIdsAsync(key, "g", "carol", TimeSpan.Zero, "0-0", count: 1);
        Assert.That((ids.NextStartId, ids.Ids, ids.DeletedIds), Is.EqualTo(("3-0", new[] { "1-0" }, Array.Empty<string>())));
    }

    [Test]
    public async Task XInfo_stream_groups_and_consumers()
    {
        var key = await PendingAsync();
        var stream = await Client.XInfoStreamAsync(key);
        Assert.That((stream.Length, stream.Groups, stream.LastGeneratedId), Is.EqualTo((3L, 1L, "3-0")));
        Assert.That((stream.EntriesAdded, stream.MaxDeletedEntryId, stream.RecordedFirstEntryId), Is.EqualTo(((long?)3, "0-0", "1-0")));
        Assert.That((stream.FirstEntry!.Id, stream.LastEntry!.Id), Is.EqualTo(("1-0", "3-0")));
        Assert.That((long)stream.LastEntry["n"], Is.EqualTo(3));
        Assert.That(stream.RadixTreeKeys, Is.Positive);
        var group = (await Client.XInfoGroupsAsync(key)).Single();
        Assert.That(group, Is.EqualTo(new StreamGroupInfo("g", 1, 3, "3-0", 3, 0)));
        var consumer = (await Client.XInfoConsumersAsync(key, "g")).Single();
        Assert.That((consumer.Name, consumer.Pending), Is.EqualTo(("alice", 3L)));
        Assert.That(consumer.Idle, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
        var empty = TestClients.Key("empty");
        await Client.XGroupCreateAsync(empty, "g", makeStream: true);
        var info = await Client.XInfoStreamAsync(empty);
        Assert.That((info.Length, info.FirstEntry, info.LastEntry), Is.EqualTo((0L, (StreamEntry?)null, (StreamEntry?)null)));
        Assert.That(await Client.XInfoConsumersAsync(empty, "g"), Is.Empty);
    }

    /// <summary>A stream of three entries, all delivered to consumer alice of group g.</summary>
    private async Task<string> PendingAsync()
    {
        var key = await StreamAsync(3);
        await Client.XGroupCreateAsync(key, "g", "0");
        await Client.XReadGroupAsync(key, "g", "alice");
        return key;
    }
}
