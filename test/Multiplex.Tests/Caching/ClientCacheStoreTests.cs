using System.Text;
using Multiplex.Caching;
using Multiplex.Commands;

namespace Multiplex.Tests.Caching;

/// <summary>The client-side cache's store on its own: fills, the in-flight race, flushes, bounds, CLOCK eviction, expiry, immutability.</summary>
public sealed class ClientCacheStoreTests
{
    [Test]
    public void A_filled_read_is_a_hit_with_the_same_parser_only()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        Fill(cache, "k", "v");

        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out var value), Is.True);
        Assert.That((string?)value, Is.EqualTo("v"));
        Assert.That(TryGet(cache, Lookup("k"), new OtherValueParser(), out _), Is.False, "another parser's reply is another result");
        Assert.That(cache.Hits, Is.EqualTo(1));
        Assert.That(cache.Misses, Is.EqualTo(1));
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    [Test]
    public void A_read_in_flight_when_its_key_is_invalidated_is_not_stored()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var entry = cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value)!;

        cache.Invalidate(Key("k"));
        cache.Complete(entry, (RedisValue)"stale");

        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out _), Is.False);
        Assert.That(cache.Count, Is.Zero);
        Assert.That(cache.Invalidations, Is.EqualTo(1));
    }

    [Test]
    public void A_read_in_flight_when_the_cache_is_flushed_is_not_stored()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var entry = cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value)!;

        cache.InvalidateAll();
        cache.Complete(entry, (RedisValue)"stale");

        Assert.That(cache.Count, Is.Zero);
        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out _), Is.False);
    }

    [Test]
    public void An_invalidation_of_another_key_leaves_a_read_in_flight_to_be_stored()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var entry = cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value)!;

        cache.Invalidate(Key("other"));
        cache.Complete(entry, (RedisValue)"fresh");

        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out var value), Is.True);
        Assert.That((string?)value, Is.EqualTo("fresh"));
    }

    [Test]
    public void A_second_read_of_the_same_command_in_flight_holds_no_second_place()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var first = cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value);

        Assert.That(first, Is.Not.Null);
        Assert.That(cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value), Is.Null);
    }

    [Test]
    public void An_abandoned_read_lets_go_of_its_place()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var entry = cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value)!;

        cache.Abandon(entry);

        Assert.That(cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value), Is.Not.Null);
    }

    [Test]
    public void Abandoning_a_stored_read_keeps_it()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var entry = cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value)!;
        cache.Complete(entry, (RedisValue)"v");

        cache.Abandon(entry);

        Assert.That(TryGet(cache, Lookup("k"), ReplyParsers.Value, out _), Is.True);
    }

    [Test]
    public void The_entry_bound_holds_and_evicts_the_surplus()
    {
        var cache = new ClientCache(new ClientCacheOptions { MaxEntries = 10 });
        for (var i = 0; i < 100; i++)
        {
            Fill(cache, $"k{i}", "v");
            Assert.That(cache.Count, Is.LessThanOrEqualTo(10));
        }

        Assert.That(cache.Count, Is.EqualTo(10));
        Assert.That(cache.Evictions, Is.EqualTo(90));
    }

    [Test]
    public void With_room_every_read_may_be_stored_and_once_full_only_one_read_again_lately()
    {
        var cache = new ClientCache(new ClientCacheOptions { MaxEntries = 2 });
        Assert.That(Admits(cache, Lookup("a")), Is.True, "room: stored on the first read");
        Fill(cache, "a", "1");
        Fill(cache, "b", "2");

        Assert.That(Admits(cache, Lookup("c")), Is.False, "full, and c was not read lately");
        Assert.That(Admits(cache, Lookup("c")), Is.True, "c read again");
        Assert.That(Admits(cache, Lookup("d")), Is.False);

        cache.Clear();
        Assert.That(Admits(cache, Lookup("e")), Is.True, "room again after a flush");
    }

    [Test]
    public void The_admission_filter_counts_misses_and_forgets_them_after_as_many_new_reads_as_the_cache_holds()
    {
        var filter = new AdmissionFilter(maxEntries: 10);
        Assert.That(new[] { filter.Record(Hash("a"), out _), filter.Record(Hash("a"), out _), filter.Record(Hash("a"), out _) }, Is.EqualTo(new[] { 1, 2, 3 }));

        for (var i = 0; i < 9; i++)
        {
            filter.Record(Hash($"other{i}"), out _);
        }

        // "a" was the first of ten new commands: the tenth new one reset the filter.
        Assert.That(filter.Record(Hash("a"), out _), Is.EqualTo(1), "forgotten: the filter was reset");
    }

    [Test]
    public void The_admission_threshold_rises_while_evicted_entries_were_never_hit_and_falls_once_they_are()
    {
        var cache = new ClientCache(new ClientCacheOptions { MaxEntries = 4 });
        var next = 0;

        int Admit() => MissUntilStored(cache, $"k{next++}");

        for (var i = 0; i < 4; i++)
        {
            Admit();
        }

        Assert.That(cache.AdmissionThreshold, Is.EqualTo(2));

        // Entries never read again: each window of 64 evictions without a hit raises the threshold by one, up to 8.
        for (var i = 0; i < 64 * 7; i++)
        {
            Admit();
        }

        Assert.That(cache.AdmissionThreshold, Is.EqualTo(8));
        Assert.That(Admit(), Is.EqualTo(8), "a key is stored at its eighth miss");

        // Entries read again before they are evicted: the threshold comes back down to 2.
        for (var i = 0; i < 64 * 8; i++)
        {
            Admit();
            Assert.That(TryGet(cache, Lookup($"k{next - 1}"), ReplyParsers.Value, out _), Is.True);
        }

        Assert.That(cache.AdmissionThreshold, Is.EqualTo(2));
        Assert.That(Admit(), Is.EqualTo(2), "a key is stored at its second miss");
    }

    [Test]
    public void A_threshold_at_its_top_comes_down_once_windows_of_misses_read_again_store_nothing()
    {
        var cache = new ClientCache(new ClientCacheOptions { MaxEntries = 4 });
        var next = 0;
        void Admit() => MissUntilStored(cache, $"k{next++}");

        // Entries never read again drive the threshold to its top, 8 (see the test above).
        for (var i = 0; i < 4 + (64 * 7); i++)
        {
            Admit();
        }

        Assert.That(cache.AdmissionThreshold, Is.EqualTo(8));
        var evictions = cache.Evictions;

        // Windows of reads that are not read again store nothing either, and leave the threshold high:
        // storing them would only churn.
        for (var i = 0; i < 100; i++)
        {
            Assert.That(Admits(cache, Lookup($"once{i}")), Is.False);
        }

        Assert.That(cache.AdmissionThreshold, Is.EqualTo(8), "one-off misses do not lower it");

        // Then a working set whose keys each miss three times in a row: below the threshold, so none is
        // stored and nothing is evicted. Each window of the filter's new commands (as many as the cache
        // holds) that stored nothing lowers the threshold by one, until a key's third miss stores it.
        var stored = -1;
        for (var i = 0; i < 100 && stored < 0; i++)
        {
            var key = Lookup($"w{i}");
            for (var miss = 1; miss <= 3; miss++)
            {
                if (Admits(cache, key))
                {
                    stored = i;
                    break;
                }
            }
        }

        Assert.That(stored, Is.InRange(0, 99), "a key missed three times is stored once the threshold has come down");
        Assert.That(cache.AdmissionThreshold, Is.EqualTo(3));
        Assert.That(cache.Evictions, Is.EqualTo(evictions), "nothing was stored, so nothing evicted, on the way down");
    }

    [Test]
    public void The_byte_bound_holds_and_a_reply_larger_than_it_is_not_cached()
    {
        var cache = new ClientCache(new ClientCacheOptions { MaxBytes = 2_000 });
        for (var i = 0; i < 100; i++)
        {
            Fill(cache, $"k{i}", new string('v', 100));
            Assert.That(cache.Bytes, Is.LessThanOrEqualTo(2_000));
        }

        Assert.That(cache.Count, Is.InRange(1, 10));
        Fill(cache, "huge", new string('v', 5_000));
        Assert.That(TryGet(cache, Lookup("huge"), ReplyParsers.Value, out _), Is.False);
        Assert.That(cache.Bytes, Is.LessThanOrEqualTo(2_000));
    }

    [Test]
    public void An_entry_hit_since_the_hand_passed_survives_an_eviction_that_takes_an_older_unread_one()
    {
        var cache = new ClientCache(new ClientCacheOptions { MaxEntries = 3 });
        Fill(cache, "a", "1");
        Fill(cache, "b", "2");
        Fill(cache, "c", "3");
        Assert.That(TryGet(cache, Lookup("a"), ReplyParsers.Value, out _), Is.True);

        Fill(cache, "d", "4");

        Assert.That(TryGet(cache, Lookup("a"), ReplyParsers.Value, out _), Is.True, "a was read: second chance");
        Assert.That(TryGet(cache, Lookup("b"), ReplyParsers.Value, out _), Is.False, "b is the oldest unread entry");
        Assert.That(TryGet(cache, Lookup("d"), ReplyParsers.Value, out _), Is.True);
    }

    [Test]
    public void An_entry_is_not_served_after_its_time_to_live()
    {
        var cache = new ClientCache(new ClientCacheOptions { TimeToLive = TimeSpan.FromMilliseconds(20) });
        Fill(cache, "k", "v");

        Assert.That(() => TryGet(cache, Lookup("k"), ReplyParsers.Value, out _), Is.False.After(5_000, 10));
        Assert.That(cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value), Is.Not.Null, "an expired entry gives way to a new read");
    }

    [Test]
    public void Clear_drops_everything_and_a_suspended_cache_stores_nothing()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        Fill(cache, "a", "1");
        cache.Clear();
        Assert.That(cache.Count, Is.Zero);
        Assert.That(cache.Bytes, Is.Zero);

        cache.Suspend();
        Assert.That(cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value), Is.Null);
        cache.Resume();
        Assert.That(cache.BeginFill(Lookup("k"), [Key("k")], ReplyParsers.Value), Is.Not.Null);
    }

    [Test]
    public void A_disabled_cache_caches_no_command()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        Assert.That(cache.Caches(CommandTokens.Get), Is.True);

        cache.Disable();

        Assert.That(cache.IsEnabled, Is.False);
        Assert.That(cache.Caches(CommandTokens.Get), Is.False);
    }

    [Test]
    public void Bytes_handed_out_are_copies_so_changing_them_leaves_the_cache_as_it_was()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        Fill(cache, "k", "abc");

        TryGet(cache, Lookup("k"), ReplyParsers.Value, out var first);
        ((byte[])first!)[0] = (byte)'Z';
        var bytes = (byte[])first!;
        bytes[1] = (byte)'Z';
        TryGet(cache, Lookup("k"), ReplyParsers.Value, out var second);

        Assert.That((string?)second, Is.EqualTo("abc"));
    }

    [Test]
    public void Arrays_handed_out_are_copies()
    {
        var cache = new ClientCache(new ClientCacheOptions());
        var entry = cache.BeginFill(Lookup("list"), [Key("list")], ReplyParsers.Values)!;
        cache.Complete(entry, CachedValues<RedisValue[]>.Freeze(["x", "y"]));

        TryGet(cache, Lookup("list"), ReplyParsers.Values, out var first);
        first[0] = "changed";
        TryGet(cache, Lookup("list"), ReplyParsers.Values, out var second);

        Assert.That(second.Select(item => (string?)item), Is.EqualTo(new[] { "x", "y" }));
        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void Only_read_only_commands_of_the_documented_list_are_cached()
    {
        var cache = new ClientCache(new ClientCacheOptions { Commands = ["GET"] });

        Assert.That(cache.Caches(CommandTokens.Get), Is.True);
        Assert.That(ClientCacheOptions.SupportedCommands, Does.Not.Contain("TTL").And.Not.Contain("RANDOMKEY").And.Not.Contain("SRANDMEMBER"));
        Assert.That(ClientCacheOptions.SupportedCommands, Does.Contain("HGETALL").And.Contain("ZRANGE").And.Contain("LRANGE"));

        // A read's lookup key holds its command's place in the list in one byte.
        Assert.That(ClientCacheOptions.SupportedCommands, Has.Count.LessThanOrEqualTo(256));
    }

    [TestCase(0, 1L)]
    [TestCase(1, 0L)]
    public void Options_out_of_range_are_refused(int maxEntries, long maxBytes)
    {
        var options = new RedisClientOptions { ClientCache = new ClientCacheOptions { MaxEntries = maxEntries, MaxBytes = maxBytes } };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("ClientCache.Max"));
    }

    [Test]
    public void A_command_outside_the_supported_list_is_refused_by_name()
    {
        var options = new RedisClientOptions { ClientCache = new ClientCacheOptions { Commands = ["GET", "TTL"] } };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("TTL"));
    }

    private static void Fill(ClientCache cache, string key, string value)
    {
        if (cache.BeginFill(Lookup(key), [Key(key)], ReplyParsers.Value) is { } entry)
        {
            cache.Complete(entry, ((RedisValue)Encoding.UTF8.GetBytes(value)).AsShared());
        }
    }

    private static int Hash(string key) => ByteArrayComparer.Hash(Lookup(key));

    private static byte[] Key(string key) => Encoding.UTF8.GetBytes(key);

    // The lookup key of a GET: no view prefix (length 0), then the encoded command.
    private static byte[] Lookup(string key) =>
        [0, 0, 0, 0, .. Encoding.UTF8.GetBytes($"*2\r\n$3\r\nGET\r\n${key.Length}\r\n{key}\r\n")];

    // The cache is asked with the lookup key's hash, as the send path asks it.
    private static bool TryGet<T>(ClientCache cache, byte[] lookupKey, ReplyParser<T> parser, out T value) =>
        cache.TryGet(lookupKey, ByteArrayComparer.Hash(lookupKey), parser, out value);

    // Stores a new key the way a read does once the cache is full: missed until admitted, then filled;
    // returns how many misses it took.
    private static int MissUntilStored(ClientCache cache, string key)
    {
        var misses = 1;
        while (!Admits(cache, Lookup(key)))
        {
            misses++;
        }

        Fill(cache, key, "v");
        return misses;
    }

    private static bool Admits(ClientCache cache, byte[] lookupKey) => cache.Admits(ByteArrayComparer.Hash(lookupKey));

    private sealed class OtherValueParser : ReplyParser<RedisValue>
    {
        public override RedisValue Parse(ref Multiplex.Protocol.RespReader reader) => reader.ReadRedisValue();
    }
}
