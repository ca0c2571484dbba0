using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.IntegrationTests.Support;
using Multiplex.Testing;

namespace Multiplex.IntegrationTests.Caching;

/// <summary>
/// The client-side cache against the shared redis-server (RESP3 and RESP2): hits, server-driven
/// invalidation, own writes, bounds, views and the opt-out. Flushes and reconnects are in
/// <see cref="ClientCacheFlushTests"/>, on a server of their own.
/// </summary>
[TestFixture(ServerKind.RedisResp3)]
[TestFixture(ServerKind.RedisResp2)]
public sealed class ClientCacheTests(ServerKind kind) : ServerTestBase
{
    // How long an invalidation push may take to arrive on a loaded machine before a test gives up.
    private static readonly TimeSpan InvalidationWait = TimeSpan.FromSeconds(15);

    [Test]
    public async Task A_second_read_is_a_hit_that_returns_the_same_value()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("hit");
        await client.SetAsync(key, "ada");

        var first = await client.GetAsync(key);
        var second = await client.GetAsync(key);

        Assert.That((string?)first, Is.EqualTo("ada"));
        Assert.That((string?)second, Is.EqualTo("ada"));
        Assert.That(client.ClientCache!.Hits, Is.EqualTo(1));
        Assert.That(client.ClientCache.Misses, Is.EqualTo(1));
        Assert.That(client.ClientCache.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_value_changed_by_another_client_is_not_served_once_the_invalidation_arrived()
    {
        await using var client = await ConnectAsync();
        await using var other = await TestClients.ConnectAsync();
        var key = TestClients.Key("changed");
        await other.SetAsync(key, "old");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("old"));
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("old"), "served from the cache");

        for (var round = 0; round < 20; round++)
        {
            var invalidations = client.ClientCache!.Invalidations;
            await other.SetAsync(key, $"new {round}");
            await WaitUntilAsync(() => client.ClientCache!.Invalidations > invalidations);

            Assert.That((string?)await client.GetAsync(key), Is.EqualTo($"new {round}"), $"round {round}");
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo($"new {round}"), $"round {round}, cached again");
        }

        Assert.That(client.ClientCache!.Hits, Is.GreaterThanOrEqualTo(21));
    }

    [Test]
    public async Task Reads_of_a_key_alone_or_with_arguments_are_hits_until_another_client_changes_the_key()
    {
        // These are looked up before a command is rented for them: the lookup key must be the one the
        // fill stored under, or the second round would miss.
        await using var client = await ConnectAsync();
        await using var other = await TestClients.ConnectAsync();
        var text = TestClients.Key("shapes:text");
        var hash = TestClients.Key("shapes:hash");
        var set = TestClients.Key("shapes:set");
        var sorted = TestClients.Key("shapes:sorted");
        var list = TestClients.Key("shapes:list");
        await other.SetAsync(text, "abc");
        await other.RPushAsync(list, ["x", "y"]);
        await other.HSetAsync(hash, "f", "a");
        await other.SAddAsync(set, "m");
        await other.ZAddAsync(sorted, "z", 1.5);

        async Task<string> ReadAllAsync()
        {
            var entries = await client.HGetAllAsync(hash);
            return string.Join(
                " | ",
                await client.StrLenAsync(text),
                await client.TypeAsync(text),
                (string?)await client.HGetAsync(hash, "f"),
                await client.HExistsAsync(hash, "g"),
                string.Join(",", entries.Select(entry => $"{entry.Name}={entry.Value}")),
                await client.SIsMemberAsync(set, "n"),
                await client.SCardAsync(set),
                (await client.ZScoreAsync(sorted, "z"))?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (string?)await client.GetRangeAsync(text, 1, -1),
                string.Join(",", (await client.LRangeAsync(list, 0, -1)).Select(element => (string?)element)),
                (string?)await client.LIndexAsync(list, -1),
                await client.ZRevRankAsync(sorted, "z"));
        }

        var cache = client.ClientCache!;
        Assert.That(await ReadAllAsync(), Is.EqualTo("3 | String | a | False | f=a | False | 1 | 1.5 | bc | x,y | y | 0"));
        var (hits, misses) = (cache.Hits, cache.Misses);
        Assert.That(await ReadAllAsync(), Is.EqualTo("3 | String | a | False | f=a | False | 1 | 1.5 | bc | x,y | y | 0"));
        Assert.That(cache.Hits - hits, Is.EqualTo(12), "every read of the second round a hit");
        Assert.That(cache.Misses, Is.EqualTo(misses));

        await other.SetAsync(text, "abcd");
        await other.HSetAsync(hash, "g", "b");
        await other.SAddAsync(set, "n");
        await other.ZAddAsync(sorted, "z", 2.5);
        await other.RPushAsync(list, ["z"]);
        await WaitUntilAsync(() => cache.Count == 0);
        Assert.That(await ReadAllAsync(), Is.EqualTo("4 | String | a | True | f=a,g=b | True | 2 | 2.5 | bcd | x,y,z | z | 0"));
    }

    [Test]
    public async Task Reads_whose_key_and_arguments_run_together_alike_never_share_an_entry()
    {
        // A read looked up before its command is rented has a lookup key of its own form (command, key,
        // arguments, each saying where it ends): reads that differ only in where the key stops and the
        // arguments start, or only in the command, must each get their own value from the cache.
        await using var client = await ConnectAsync();
        await using var other = await TestClients.ConnectAsync();
        var shortKey = TestClients.Key("runs:h");
        var longKey = shortKey + "1";
        var text = TestClients.Key("runs:\u00e9t\u00e9");
        var bytes = System.Text.Encoding.UTF8.GetBytes(TestClients.Key("runs:b"));
        await other.HSetAsync(shortKey, "1f", "short key, field 1f");
        await other.HSetAsync(longKey, "f", "long key, field f");
        await other.SetAsync(text, "accented");
        await other.SetAsync(bytes, "as bytes");

        async Task<string> ReadAllAsync() => string.Join(
            " | ",
            (string?)await client.HGetAsync(shortKey, "1f"),
            (string?)await client.HGetAsync(longKey, "f"),
            (string?)await client.HGetAsync(shortKey, "f"),
            (string?)await client.GetAsync(text),
            await client.StrLenAsync(text),
            (string?)await client.GetAsync(bytes),
            (string?)await client.GetAsync(System.Text.Encoding.UTF8.GetString(bytes)),
            await client.StrLenAsync(bytes));

        const string Expected = "short key, field 1f | long key, field f |  | accented | 8 | as bytes | as bytes | 8";
        var cache = client.ClientCache!;
        Assert.That(await ReadAllAsync(), Is.EqualTo(Expected));
        var hits = cache.Hits;
        Assert.That(await ReadAllAsync(), Is.EqualTo(Expected), "the same values from the cache");
        Assert.That(cache.Hits - hits, Is.EqualTo(8), "every read of the second round a hit");
    }

    [Test]
    public async Task Keys_and_prefixes_of_every_length_and_encoding_are_cached_apart_and_invalidated()
    {
        // The lookup key's lengths are varints and short ASCII keys take a path of their own: keys on
        // either side of those boundaries (24 and 25 characters, 127 and 128 bytes), a long key prefix,
        // non-ASCII text, a lone surrogate (sent as U+FFFD, as the command's encoder does) and raw bytes
        // each get their own value, hit on the second read, and see another client's write.
        await using var client = await ConnectAsync();
        await using var other = await TestClients.ConnectAsync();
        var longPrefix = client.WithKeyPrefix(new string('p', 200) + ":");
        var stem = TestClients.Key("lengths");
        var keys = new List<RedisKey>();
        foreach (var length in new[] { 24, 25, 127, 128, 300 })
        {
            keys.Add(stem.Length >= length ? stem[..length] : stem + new string('k', length - stem.Length));
        }

        keys.Add(stem + ":\u00e9t\u00e9 \u6771\u4eac");
        keys.Add(stem + ":\ud800");
        keys.Add(System.Text.Encoding.UTF8.GetBytes(stem + ":bytes\u00e9"));
        var surfaces = new (RedisCommands Surface, string Prefix)[] { (client, ""), (longPrefix, new string('p', 200) + ":") };
        async Task<string> ReadAllAsync() => string.Join(
            ",",
            await Task.WhenAll(surfaces.SelectMany(surface => keys.Select(async key => (string?)await surface.Surface.GetAsync(key) ?? "nil"))));

        string Expected(string suffix) => string.Join(",", surfaces.SelectMany(surface => keys.Select((_, i) => $"{surface.Prefix.Length}:{i}{suffix}")));

        for (var i = 0; i < keys.Count; i++)
        {
            await client.SetAsync(keys[i], $"0:{i}");
            await longPrefix.SetAsync(keys[i], $"201:{i}");
        }

        var cache = client.ClientCache!;
        Assert.That(await ReadAllAsync(), Is.EqualTo(Expected("")));
        var hits = cache.Hits;
        Assert.That(await ReadAllAsync(), Is.EqualTo(Expected("")));
        Assert.That(cache.Hits - hits, Is.EqualTo(surfaces.Length * keys.Count), "every read of the second round a hit");

        // Another client's writes reach each entry, under the prefix as without it.
        for (var i = 0; i < keys.Count; i++)
        {
            await other.SetAsync(keys[i], $"0:{i}!");
            await other.SetAsync(keys[i].RawObject is byte[] raw
                ? (RedisKey)System.Text.Encoding.UTF8.GetBytes(new string('p', 200) + ":").Concat(raw).ToArray()
                : (RedisKey)(new string('p', 200) + ":" + (string)keys[i].RawObject!), $"201:{i}!");
        }

        await WaitUntilAsync(() => cache.Count == 0);
        Assert.That(await ReadAllAsync(), Is.EqualTo(Expected("!")));
    }

    [Test]
    public async Task Writes_through_the_client_drop_their_keys_at_once()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("own");
        var hash = TestClients.Key("own:hash");
        await client.SetAsync(key, "1");
        await client.HSetAsync(hash, [new HashEntry("f", "a")]);
        _ = await client.GetAsync(key);
        _ = await client.HGetAsync(hash, "f");

        await client.SetAsync(key, "2");
        await client.HSetAsync(hash, [new HashEntry("f", "b")]);

        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("2"));
        Assert.That((string?)await client.HGetAsync(hash, "f"), Is.EqualTo("b"));
    }

    [Test]
    public async Task Writes_queued_in_a_batch_or_a_transaction_or_sent_in_a_session_drop_their_keys_when_queued()
    {
        await using var client = await ConnectAsync();
        string[] keys = [TestClients.Key("unit:batch"), TestClients.Key("unit:multi"), TestClients.Key("unit:session")];
        foreach (var key in keys)
        {
            await client.SetAsync(key, "before");
            _ = await client.GetAsync(key);
        }

        Assert.That(client.ClientCache!.Count, Is.EqualTo(3));

        // Counted right after queueing, before anything is sent: the server's push cannot have come yet.
        var batch = client.CreateBatch();
        var batchSet = batch.Commands.SetAsync(keys[0], "batch");
        Assert.That(client.ClientCache.Count, Is.EqualTo(2), "a batch's write dropped its key when queued");
        var transaction = client.CreateTransaction();
        var multiSet = transaction.Commands.SetAsync(keys[1], "multi");
        Assert.That(client.ClientCache.Count, Is.EqualTo(1), "a transaction's write dropped its key when queued");
        await using (var session = await client.LeaseDedicatedSessionAsync(keys[2]))
        {
            var sessionSet = session.Commands.SetAsync(keys[2], "session");
            Assert.That(client.ClientCache.Count, Is.Zero, "a session's write dropped its key when sent");
            await sessionSet;
        }

        await batch.ExecuteAsync();
        await transaction.ExecuteAsync();
        await batchSet;
        await multiSet;
        var values = new List<string?>();
        foreach (var key in keys)
        {
            values.Add((string?)await client.GetAsync(key));
        }

        Assert.That(values, Is.EqualTo(new[] { "batch", "multi", "session" }));

        // A batch's reads are the unit's own: sent to the server, never answered from the cache.
        var hits = client.ClientCache.Hits;
        var reads = client.CreateBatch();
        var read = reads.Commands.GetAsync(keys[0]);
        await reads.ExecuteAsync();
        Assert.That((string?)await read, Is.EqualTo("batch"));
        Assert.That(client.ClientCache.Hits, Is.EqualTo(hits));
    }

    [Test]
    public async Task A_read_racing_a_write_of_its_key_is_not_stored_stale()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("race");
        await client.SetAsync(key, "0");

        for (var round = 1; round <= 200; round++)
        {
            // Issued together: the read is in flight while the write drops the key.
            var read = client.GetAsync(key);
            var write = client.SetAsync(key, round.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await read;
            await write;

            Assert.That((string?)await client.GetAsync(key), Is.EqualTo(round.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"round {round}");
        }
    }

    [Test]
    public async Task Values_handed_to_callers_cannot_change_the_cache()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("mutate");
        var list = TestClients.Key("mutate:list");
        await client.SetAsync(key, "abc");
        await client.RPushAsync(list, ["x", "y"]);

        var bytes = (byte[])(await client.GetAsync(key))!;
        bytes[0] = (byte)'Z';
        var hitBytes = (byte[])(await client.GetAsync(key))!;
        hitBytes[1] = (byte)'Z';
        var items = await client.LRangeAsync(list, 0, -1);
        items[0] = "changed";

        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("abc"));
        Assert.That((await client.LRangeAsync(list, 0, -1)).Select(item => (string?)item), Is.EqualTo(new[] { "x", "y" }));
        Assert.That(client.ClientCache!.Hits, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task The_cache_never_holds_more_entries_or_bytes_than_its_bounds()
    {
        await using var client = await ConnectAsync(new ClientCacheOptions { MaxEntries = 10, MaxBytes = 4096 });
        var prefix = TestClients.Key("bound");
        var value = new string('v', 100);
        for (var i = 0; i < 100; i++)
        {
            await client.SetAsync($"{prefix}:{i}", value);
        }

        // Each key read three times in a row: once the cache is full, a key's first read is only counted
        // (it was not read lately), its second is stored, evicting another, and its third is a hit (so
        // the evicted entries were hit, and the admission threshold stays at two misses).
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                for (var read = 0; read < 3; read++)
                {
                    Assert.That((string?)await client.GetAsync($"{prefix}:{i}"), Is.EqualTo(value));
                    Assert.That(client.ClientCache!.Count, Is.LessThanOrEqualTo(10));
                    Assert.That(client.ClientCache.Bytes, Is.LessThanOrEqualTo(4096));
                }
            }
        }

        // 300 keys read, the first few stored without an eviction; a few more may still be cached from the
        // previous round.
        Assert.That(client.ClientCache!.Evictions, Is.GreaterThanOrEqualTo(250));
        Assert.That(client.ClientCache.Count, Is.GreaterThan(0));
    }

    [Test]
    public async Task Once_full_the_cache_stores_a_key_read_again_lately_not_one_read_once()
    {
        await using var client = await ConnectAsync(new ClientCacheOptions { MaxEntries = 2 });
        var prefix = TestClients.Key("admit");
        for (var i = 0; i < 4; i++)
        {
            await client.SetAsync($"{prefix}:{i}", $"v{i}");
        }

        _ = await client.GetAsync($"{prefix}:0");
        _ = await client.GetAsync($"{prefix}:1");
        Assert.That(client.ClientCache!.Count, Is.EqualTo(2), "stored while there was room");

        Assert.That((string?)await client.GetAsync($"{prefix}:2"), Is.EqualTo("v2"));
        Assert.That(client.ClientCache.Evictions, Is.Zero, "read once while full: not stored, nothing evicted");
        Assert.That((string?)await client.GetAsync($"{prefix}:0"), Is.EqualTo("v0"));
        Assert.That(client.ClientCache.Hits, Is.EqualTo(1), "the entries already cached stay");

        Assert.That((string?)await client.GetAsync($"{prefix}:2"), Is.EqualTo("v2"));
        Assert.That(client.ClientCache.Evictions, Is.EqualTo(1), "read again: stored in an evicted entry's place");
        var hits = client.ClientCache.Hits;
        Assert.That((string?)await client.GetAsync($"{prefix}:2"), Is.EqualTo("v2"));
        Assert.That(client.ClientCache.Hits, Is.EqualTo(hits + 1));
        Assert.That(client.ClientCache.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task A_view_without_the_cache_reads_from_the_server_and_its_writes_still_invalidate()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("optout");
        var uncached = client.WithoutClientCache();
        await client.SetAsync(key, "1");
        _ = await client.GetAsync(key);

        _ = await uncached.GetAsync(key);
        _ = await uncached.GetAsync(key);
        Assert.That(client.ClientCache!.Hits, Is.Zero);
        Assert.That(uncached.ClientCache, Is.SameAs(client.ClientCache));

        await uncached.SetAsync(key, "2");
        Assert.That((string?)await client.GetAsync(key), Is.EqualTo("2"));
    }

    [Test]
    public async Task Key_prefix_views_and_database_views_never_see_each_others_entries()
    {
        await using var client = await ConnectAsync();
        var key = TestClients.Key("views");
        var a = client.WithKeyPrefix("a:");
        var b = client.WithKeyPrefix("b:");
        var two = client.WithDatabase(2);
        await two.WaitForConnectionAsync(TimeSpan.FromSeconds(15));
        await client.SetAsync(key, "db0");
        await two.SetAsync(key, "db2");
        await a.SetAsync(key, "a");
        await b.SetAsync(key, "b");
        var hash = TestClients.Key("views:hash");
        await a.HSetAsync(hash, "f", "a");
        await b.HSetAsync(hash, "f", "b");

        for (var round = 0; round < 2; round++)
        {
            // A read with arguments after its key (looked up before a command is rented) keeps views apart too.
            Assert.That((string?)await a.HGetAsync(hash, "f"), Is.EqualTo("a"));
            Assert.That((string?)await b.HGetAsync(hash, "f"), Is.EqualTo("b"));
            Assert.That((string?)await client.GetAsync(key), Is.EqualTo("db0"));
            Assert.That((string?)await two.GetAsync(key), Is.EqualTo("db2"));
            Assert.That((string?)await a.GetAsync(key), Is.EqualTo("a"));
            Assert.That((string?)await b.GetAsync(key), Is.EqualTo("b"));
            Assert.That((string?)await client.GetAsync("a:" + key), Is.EqualTo("a"));
        }

        Assert.That(two.ClientCache, Is.Not.SameAs(client.ClientCache));
        Assert.That(a.ClientCache, Is.SameAs(client.ClientCache));

        // A write through one view drops the entry of the same server key read through another surface.
        await a.SetAsync(key, "a2");
        Assert.That((string?)await client.GetAsync("a:" + key), Is.EqualTo("a2"));
        Assert.That((string?)await b.GetAsync(key), Is.EqualTo("b"));
    }

    [Test]
    public async Task A_disposed_client_answers_no_read_from_its_cache_and_holds_nothing()
    {
        // Once disposed its connections are gone, so no invalidation would reach the cache: a read must fail
        // as any command of a disposed client does, not return what the cache held.
        var client = await ConnectAsync();
        var two = client.WithDatabase(2);
        await two.WaitForConnectionAsync(TimeSpan.FromSeconds(15));
        var key = TestClients.Key("disposed");
        await client.SetAsync(key, "v");
        await two.SetAsync(key, "v2");
        for (var i = 0; i < 2; i++)
        {
            await client.GetAsync(key);
            await two.GetAsync(key);
        }

        Assert.That((client.ClientCache!.Hits, two.ClientCache!.Hits), Is.EqualTo((1L, 1L)), "both reads were hits before");

        await client.DisposeAsync();

        Assert.ThrowsAsync<RedisConnectionException>(async () => await client.GetAsync(key));
        Assert.ThrowsAsync<RedisConnectionException>(async () => await two.GetAsync(key), "the database view's cache is closed with it");
        Assert.That((client.ClientCache.Count, client.ClientCache.IsEnabled), Is.EqualTo((0, false)));
        Assert.That((two.ClientCache.Count, two.ClientCache.IsEnabled), Is.EqualTo((0, false)));
        Assert.That((client.ClientCache.Hits, two.ClientCache.Hits), Is.EqualTo((1L, 1L)), "no hit after disposal");
    }

    [Test]
    public async Task With_key_prefixes_only_keys_under_them_are_cached_and_broadcast_invalidations_drop_them()
    {
        var prefix = TestClients.Key("bcast") + ":";
        await using var client = await ConnectAsync(new ClientCacheOptions { KeyPrefixes = [prefix] });
        await using var other = await TestClients.ConnectAsync();
        var inside = prefix + "k";
        var outside = TestClients.Key("outside");
        await other.SetAsync(inside, "1");
        await other.SetAsync(outside, "1");

        _ = await client.GetAsync(inside);
        _ = await client.GetAsync(outside);
        _ = await client.GetAsync(inside);
        _ = await client.GetAsync(outside);
        Assert.That(client.ClientCache!.Hits, Is.EqualTo(1), "only the key under the prefix is cached");

        var invalidations = client.ClientCache.Invalidations;
        await other.SetAsync(inside, "2");
        await WaitUntilAsync(() => client.ClientCache!.Invalidations > invalidations);
        Assert.That((string?)await client.GetAsync(inside), Is.EqualTo("2"));
    }

    /// <summary>
    /// 1,000 readers hammer 100 hot keys through the cache while a writer (another client) changes them.
    /// The bound: once a write is acknowledged and one round trip has completed on the reader client's
    /// connection that receives the key's invalidation (RESP3: the key's data connection, by an uncached
    /// read of it; RESP2: the invalidation connection, by a PING), every read that starts sees that write
    /// or a later one: the server sends the invalidation on that connection before that round trip's reply.
    /// </summary>
    [Test]
    public async Task Readers_hammering_hot_keys_see_each_write_once_it_is_acknowledged_and_its_invalidation_delivered()
    {
        const int Keys = 100;
        const int Readers = 1000;
        const int Writes = 300;
        await using var client = await ConnectAsync(new ClientCacheOptions { MaxEntries = 80, MaxBytes = 64 * 1024 });
        await using var writer = await TestClients.ConnectAsync();
        var prefix = TestClients.Key("hot");
        var keys = Enumerable.Range(0, Keys).Select(i => (RedisKey)$"{prefix}:{i}").ToArray();
        var published = new long[Keys];
        foreach (var key in keys)
        {
            await writer.SetAsync(key, 0);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var reads = 0L;
        var done = false;
        var readers = Enumerable.Range(0, Readers).Select(reader => Task.Run(async () =>
        {
            var random = new Random(reader);
            while (!Volatile.Read(ref done) && !stop.IsCancellationRequested)
            {
                var index = random.Next(Keys);
                var least = Volatile.Read(ref published[index]);
                var seen = (long)await client.GetAsync(keys[index]);
                Interlocked.Increment(ref reads);
                if (seen < least)
                {
                    failures.Enqueue($"key {index}: read {seen} after {least} was acknowledged and delivered");
                }

                var cache = client.ClientCache!;
                if (cache.Count > 80 || cache.Bytes > 64 * 1024)
                {
                    failures.Enqueue($"bounds exceeded: {cache.Count} entries, {cache.Bytes} bytes");
                }
            }
        })).ToArray();

        var random = new Random(42);
        for (var version = 1; version <= Writes && !stop.IsCancellationRequested; version++)
        {
            var index = random.Next(Keys);
            await writer.SetAsync(keys[index], version);
            await InvalidationDeliveredAsync(client, keys[index]);
            Volatile.Write(ref published[index], version);
        }

        Volatile.Write(ref done, true);
        await Task.WhenAll(readers);

        Assert.That(failures, Is.Empty);
        Assert.That(stop.IsCancellationRequested, Is.False, "the writer finished within the time allowed");
        Assert.That(client.ClientCache!.Hits, Is.GreaterThan(0));
        TestContext.Out.WriteLine($"{reads} reads, {client.ClientCache.Hits} hits, {client.ClientCache.Invalidations} invalidations, {client.ClientCache.Evictions} evictions");
    }

    /// <summary>One round trip on the connection the invalidations of <paramref name="key"/> arrive on (see the hammer test).</summary>
    private static async Task InvalidationDeliveredAsync(RedisClient client, RedisKey key)
    {
        _ = await client.WithoutClientCache().GetAsync(key);
        foreach (var node in client.Nodes)
        {
            if (node.InvalidationConnection is { IsConnected: true } connection)
            {
                var ping = PendingCommand<RedisResult>.Rent(CommandTokens.Ping, ReplyParsers.Result, TimeSpan.FromSeconds(30));
                CommandEncoder.Write(ping, CommandTokens.Ping);
                var reply = ping.Task;
                connection.Enqueue(ping, CancellationToken.None);
                _ = await reply;
            }
        }
    }

    private Task<RedisClient> ConnectAsync(ClientCacheOptions? cache = null) =>
        TestClients.ConnectAsync(kind, options => options with { ClientCache = cache ?? new ClientCacheOptions(), ConnectionsPerNode = 2 });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > InvalidationWait)
            {
                Assert.Fail($"The invalidation did not arrive within {InvalidationWait.TotalSeconds:0} s.");
            }

            await Task.Delay(10);
        }
    }
}
