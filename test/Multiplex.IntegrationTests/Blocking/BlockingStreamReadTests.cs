using System.Diagnostics;
using Multiplex.IntegrationTests.Support;

namespace Multiplex.IntegrationTests.Blocking;

/// <summary>XREAD and XREADGROUP with BLOCK on dedicated connections, over RESP3 and RESP2.</summary>
[TestFixtureSource(typeof(ProtocolKinds), nameof(ProtocolKinds.Both))]
public sealed class BlockingStreamReadTests(ServerKind kind) : ClientFixture(kind)
{
    private static readonly TimeSpan ShortBlock = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongBlock = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Xread_block_returns_entries_already_there_without_waiting()
    {
        var key = TestClients.Key("stream");
        var first = await Client.XAddAsync(key, [new StreamField("n", 1)]);
        var second = await Client.XAddAsync(key, [new StreamField("n", 2)]);

        var entries = await Client.XReadAsync(key, "0-0", LongBlock);
        Assert.That(entries.Select(e => e.Id), Is.EqualTo(new[] { first, second }));
        Assert.That((long)entries[1]["n"], Is.EqualTo(2));

        var limited = await Client.XReadAsync([new StreamPosition(key, first!)], LongBlock, count: 1);
        Assert.That(limited, Has.Length.EqualTo(1));
        Assert.That(limited[0].Key, Is.EqualTo((RedisKey)key));
        Assert.That(limited[0].Entries.Select(e => e.Id), Is.EqualTo(new[] { second }));
    }

    [Test]
    public async Task Xread_block_that_times_out_returns_nothing()
    {
        var key = TestClients.Key("stream");
        await Client.XAddAsync(key, [new StreamField("old", 1)]);
        var watch = Stopwatch.StartNew();
        Assert.That(await Client.XReadAsync(key, "$", ShortBlock), Is.Empty);
        Assert.That(await Client.XReadAsync([new StreamPosition(key, "$"), new StreamPosition(TestClients.Key("none"), "$")], ShortBlock), Is.Empty);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortBlock * 1.5));
    }

    [Test]
    public async Task Xread_block_receives_an_entry_added_later()
    {
        var key = TestClients.Key("stream");
        await Client.XAddAsync(key, [new StreamField("old", 1)]);
        var read = Client.XReadAsync(key, "$", LongBlock).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(read);
        var id = await Client.XAddAsync(key, [new StreamField("new", "value")]);

        var entries = await read;
        Assert.That(entries, Has.Length.EqualTo(1));
        Assert.That(entries[0].Id, Is.EqualTo(id));
        Assert.That((string?)entries[0]["new"], Is.EqualTo("value"));
    }

    [Test]
    public async Task Xread_block_zero_waits_until_an_entry_arrives_in_any_of_the_streams()
    {
        var quiet = TestClients.Key("quiet");
        var busy = TestClients.Key("busy");
        var read = Client.XReadAsync([new StreamPosition(quiet, "$"), new StreamPosition(busy, "$")], TimeSpan.Zero).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(read);
        var id = await Client.XAddAsync(busy, [new StreamField("f", "v")]);

        var results = await read.WaitAsync(LongBlock);
        Assert.That(results, Has.Length.EqualTo(1));
        Assert.That(results[0].Key, Is.EqualTo((RedisKey)busy));
        Assert.That(results[0].Entries.Select(e => e.Id), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task Xreadgroup_block_with_new_entries_only_receives_an_entry_added_later_and_leaves_it_pending()
    {
        var key = TestClients.Key("stream");
        await Client.XGroupCreateAsync(key, "group", "$", makeStream: true);
        var read = Client.XReadGroupAsync(key, "group", "alice", LongBlock, ">").AsTask();
        await BlockingWaits.AssertStillBlockedAsync(read);
        var id = await Client.XAddAsync(key, [new StreamField("job", 42)]);

        var entries = await read;
        Assert.That(entries.Select(e => e.Id), Is.EqualTo(new[] { id }));
        Assert.That((long)entries[0]["job"], Is.EqualTo(42));
        var pending = await Client.XPendingAsync(key, "group");
        Assert.That(pending.Count, Is.EqualTo(1));
        Assert.That(pending.Consumers.Single().Name, Is.EqualTo("alice"));
    }

    [Test]
    public async Task Xreadgroup_block_with_no_ack_over_several_streams_receives_an_entry_and_leaves_nothing_pending()
    {
        var first = TestClients.Key("first");
        var second = TestClients.Key("second");
        await Client.XGroupCreateAsync(first, "group", "$", makeStream: true);
        await Client.XGroupCreateAsync(second, "group", "$", makeStream: true);
        var read = Client.XReadGroupAsync("group", "bob", [new StreamPosition(first, ">"), new StreamPosition(second, ">")], LongBlock, noAck: true).AsTask();
        await BlockingWaits.AssertStillBlockedAsync(read);
        var id = await Client.XAddAsync(second, [new StreamField("x", 1)]);

        var results = await read;
        Assert.That(results.Select(r => r.Key), Is.EqualTo(new[] { (RedisKey)second }));
        Assert.That(results[0].Entries.Select(e => e.Id), Is.EqualTo(new[] { id }));
        Assert.That((await Client.XPendingAsync(second, "group")).Count, Is.Zero);
    }

    [Test]
    public async Task Xreadgroup_block_that_times_out_returns_nothing()
    {
        var key = TestClients.Key("stream");
        await Client.XGroupCreateAsync(key, "group", "$", makeStream: true);
        var watch = Stopwatch.StartNew();
        Assert.That(await Client.XReadGroupAsync(key, "group", "carol", ShortBlock), Is.Empty);
        Assert.That(await Client.XReadGroupAsync("group", "carol", [new StreamPosition(key, ">")], ShortBlock), Is.Empty);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(ShortBlock * 1.5));
    }

    [Test]
    public void Bad_arguments_throw_before_anything_is_sent()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => Client.XReadAsync("k", "$", TimeSpan.FromSeconds(-1)))!.ParamName, Is.EqualTo("block"));
        Assert.Throws<ArgumentException>(() => Client.XReadAsync([], LongBlock));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.XReadGroupAsync("k", "g", "c", TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => Client.XReadGroupAsync("k", RedisValue.Null, "c", LongBlock));
    }

    [Test]
    public async Task A_missing_group_is_a_server_error_and_the_connection_is_kept()
    {
        var key = TestClients.Key("stream");
        await Client.XAddAsync(key, [new StreamField("f", 1)]);
        var pool = Client.DedicatedPoolFor(key);
        var replaced = pool.ReplacedCount;
        var error = Assert.ThrowsAsync<RedisServerException>(async () => await Client.XReadGroupAsync(key, "no-such-group", "c", LongBlock));
        Assert.That(error!.Command, Is.EqualTo("XREADGROUP"));
        Assert.That(error.Message, Does.Contain("NOGROUP"));
        Assert.That(pool.LeasedCount, Is.Zero);
        Assert.That(pool.ReplacedCount, Is.EqualTo(replaced));
    }
}
