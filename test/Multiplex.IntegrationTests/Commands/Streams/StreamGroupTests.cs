using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Commands.Streams;

[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class StreamGroupTests(ServerKind kind) : StreamFixture(kind)
{
    [Test]
    public async Task XGroup_create_consumers_setid_and_destroy()
    {
        var key = TestClients.Key("s");
        await Client.XGroupCreateAsync(key, "g", "0", makeStream: true);
        Assert.That((await Client.XInfoGroupsAsync(key)).Select(group => group.Name), Is.EqualTo(new[] { "g" }));
        var busy = Assert.ThrowsAsync<RedisServerException>(async () => await Client.XGroupCreateAsync(key, "g"));
        Assert.That(busy!.Command, Is.EqualTo("XGROUP CREATE"));
        Assert.That(await Client.XGroupCreateConsumerAsync(key, "g", "alice"), Is.True);
        Assert.That(await Client.XGroupCreateConsumerAsync(key, "g", "alice"), Is.False);
        Assert.That(await Client.XGroupSetIdAsync(key, "g", "$", entriesRead: 0), Is.True);
        Assert.That(await Client.XGroupDelConsumerAsync(key, "g", "alice"), Is.Zero);
        Assert.That(await Client.XGroupDestroyAsync(key, "g"), Is.True);
        Assert.That(await Client.XGroupDestroyAsync(key, "g"), Is.False);
    }

    [Test]
    public async Task XReadGroup_delivers_new_entries_then_pending_history()
    {
        var key = await StreamAsync(3);
        await Client.XGroupCreateAsync(key, "g", "0");
        Assert.That(Ids(await Client.XReadGroupAsync(key, "g", "alice", count: 2)), Is.EqualTo(new[] { "1-0", "2-0" }));
        Assert.That(Ids(await Client.XReadGroupAsync(key, "g", "bob")), Is.EqualTo(new[] { "3-0" }));
        Assert.That(await Client.XReadGroupAsync(key, "g", "bob"), Is.Empty);
        var history = await Client.XReadGroupAsync(key, "g", "alice", "0");
        Assert.That(Ids(history), Is.EqualTo(new[] { "1-0", "2-0" }));
        Assert.That((long)history[1]["n"], Is.EqualTo(2));
        Assert.That(await Client.XAckAsync(key, "g", ["1-0", "9-0"]), Is.EqualTo(1));
        await Client.XDelAsync(key, ["2-0"]);
        var deleted = await Client.XReadGroupAsync(key, "g", "alice", "0");
        Assert.That((deleted.Single().Id, deleted.Single().Fields.Length), Is.EqualTo(("2-0", 0)));
    }

    [Test]
    public async Task XGroup_create_completes_once_the_group_exists_and_a_missing_stream_is_a_server_error()
    {
        var key = await StreamAsync(2);
        await Client.XGroupCreateAsync(key, "g", "0", entriesRead: 0);
        Assert.That(Ids(await Client.XReadGroupAsync(key, "g", "alice")), Is.EqualTo(new[] { "1-0", "2-0" }));

        var missing = TestClients.Key("missing");
        Assert.ThrowsAsync<RedisServerException>(async () => await Client.XGroupCreateAsync(missing, "g"));
        Assert.That(await Client.ExistsAsync(missing), Is.False);
    }

    [Test]
    public async Task XAck_of_one_id_says_whether_the_entry_was_pending()
    {
        var key = await StreamAsync(2);
        await Client.XGroupCreateAsync(key, "g", "0");
        await Client.XReadGroupAsync(key, "g", "alice", count: 1);

        Assert.That(await Client.XAckAsync(key, "g", "1-0"), Is.True);
        Assert.That(await Client.XAckAsync(key, "g", "1-0"), Is.False, "already acknowledged");
        Assert.That(await Client.XAckAsync(key, "g", "2-0"), Is.False, "never delivered");
        Assert.That((await Client.XPendingAsync(key, "g")).Count, Is.Zero);
    }

    [Test]
    public async Task XReadGroup_over_several_streams_with_NOACK()
    {
        var first = await StreamAsync(2, "first");
        var second = await StreamAsync(1, "second");
        await Client.XGroupCreateAsync(first, "g", "0");
        await Client.XGroupCreateAsync(second, "g", "0");
        var results = await Client.XReadGroupAsync("g", "c", [new(first, ">"), new(second, ">")], noAck: true);
        Assert.That(results.Select(r => ((string?)r.Key, Ids(r.Entries))), Is.EqualTo(new[] { (first, new[] { "1-0", "2-0" }), (second, new[] { "1-0" }) }));
        Assert.That((await Client.XPendingAsync(first, "g")).Count, Is.Zero);
    }

    [Test]
    public async Task XPending_summary_and_extended_forms()
    {
        var key = await StreamAsync(3);
        await Client.XGroupCreateAsync(key, "g", "0");
        var empty = await Client.XPendingAsync(key, "g");
        Assert.That((empty.Count, empty.LowestId, empty.HighestId, empty.Consumers.Length), Is.EqualTo((0L, (string?)null, (string?)null, 0)));
        await Client.XReadGroupAsync(key, "g", "alice", count: 2);
        await Client.XReadGroupAsync(key, "g", "bob");
        var summary = await Client.XPendingAsync(key, "g");
        Assert.That((summary.Count, summary.LowestId, summary.HighestId), Is.EqualTo((3L, "1-0", "3-0")));
        Assert.That(summary.Consumers, Is.EqualTo(new[] { new StreamPendingConsumer("alice", 2), new StreamPendingConsumer("bob", 1) }));
        var entries = await Client.XPendingAsync(key, "g", 10);
        Assert.That(entries.Select(e => (e.Id, e.Consumer, e.DeliveryCount)), Is.EqualTo(new[] { ("1-0", "alice", 1L), ("2-0", "alice", 1L), ("3-0", "bob", 1L) }));
        Assert.That(entries[0].Idle, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That((await Client.XPendingAsync(key, "g", 10, consumer: "bob")).Select(e => e.Id), Is.EqualTo(new[] { "3-0" }));
        Assert.That((await Client.XPendingAsync(key, "g", 1, start: "(1-0")).Select(e => e.Id), Is.EqualTo(new[] { "2-0" }));
        Assert.That(await Client.XPendingAsync(key, "g", 10, minIdle: TimeSpan.FromHours(1)), Is.Empty);
    }
}
