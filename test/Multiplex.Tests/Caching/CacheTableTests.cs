using System.Text;
using Multiplex.Caching;
using Multiplex.Commands;

namespace Multiplex.Tests.Caching;

/// <summary>The client cache's lookup table: single-threaded semantics, and lock-free readers while a writer changes and grows it.</summary>
public sealed class CacheTableTests
{
    [Test]
    public void Entries_are_found_by_content_replaced_removed_only_as_themselves_and_cleared()
    {
        var entries = Entries("GET key:", 1000);
        var table = Filled(entries);

        Assert.That(table.Count, Is.EqualTo(1000));
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.That(table.TryGetValue(Bytes($"GET key:{i}"), out var found), Is.True, $"key {i} after growing from 16 buckets");
            Assert.That(found, Is.SameAs(entries[i]));
        }

        Assert.That(table.TryGetValue(Bytes("GET key:1000"), out _), Is.False);
        Assert.That(table.TryGetValue(Bytes("GET key:1"[..^1]), out _), Is.False, "a prefix of a key is another key");

        var replacement = Entry("GET key:7");
        table.Set(replacement);
        Assert.That(table.Count, Is.EqualTo(1000), "a key maps to one entry");
        Assert.That(table.TryGetValue(Bytes("GET key:7"), out var replaced) && ReferenceEquals(replaced, replacement), Is.True);
        Assert.That(table.Remove(entries[7]), Is.False, "the entry the key no longer maps to is not removed");
        Assert.That(table.TryGetValue(Bytes("GET key:7"), out _), Is.True);
        Assert.That(table.Remove(replacement), Is.True);
        Assert.That(table.Remove(replacement), Is.False);
        Assert.That(table.TryGetValue(Bytes("GET key:7"), out _), Is.False);
        Assert.That(table.Count, Is.EqualTo(999));

        // Removing every third key leaves the rest findable: a bucket's filter still has the bits of the
        // nodes that stay in it.
        for (var i = 0; i < entries.Length; i += 3)
        {
            Assert.That(table.Remove(entries[i]), Is.EqualTo(i != 7));
        }

        for (var i = 0; i < entries.Length; i++)
        {
            Assert.That(table.TryGetValue(Bytes($"GET key:{i}"), out var left), Is.EqualTo(i % 3 != 0 && i != 7), $"key {i} after removals");
            Assert.That(left, Is.SameAs(i % 3 != 0 && i != 7 ? entries[i] : null));
        }

        table.Clear();
        Assert.That(table.Count, Is.Zero);
        Assert.That(table.TryGetValue(Bytes("GET key:8"), out _), Is.False);
        table.Set(entries[8]);
        Assert.That(table.TryGetValue(Bytes("GET key:8"), out var again) && ReferenceEquals(again, entries[8]), Is.True);
    }

    [Test]
    public void Readers_without_a_lock_find_every_key_that_stays_and_never_another_keys_entry_while_a_writer_churns()
    {
        // One writer (as under the cache's lock) adds and removes churning keys, so the table grows from 16
        // buckets to 8,192 and shrinks back in every round; readers meanwhile look up the keys that stay (always there) and the
        // churning ones (there or not, but never an entry of another key). Bounded by rounds and by time.
        var staying = Entries("GET stay:", 64);
        var table = Filled(staying);
        var churning = Entries("GET churn:", 4096);
        var stop = 0;
        var wrong = 0;
        var missingStaying = 0;
        long lookups = 0;
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            long local = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                var stay = random.Next(staying.Length);
                if (!table.TryGetValue(staying[stay].LookupKey, out var found) || !ReferenceEquals(found, staying[stay]))
                {
                    Interlocked.Increment(ref missingStaying);
                }

                var churn = churning[random.Next(churning.Length)];
                if (table.TryGetValue(churn.LookupKey, out var other) && !ReferenceEquals(other, churn))
                {
                    Interlocked.Increment(ref wrong);
                }

                local++;
            }

            Interlocked.Add(ref lookups, local);
        })).ToArray();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        for (var round = 0; round < 200 && DateTime.UtcNow < deadline; round++)
        {
            foreach (var entry in churning)
            {
                table.Set(entry);
            }

            foreach (var entry in churning)
            {
                Assert.That(table.Remove(entry), Is.True);
            }
        }

        Volatile.Write(ref stop, 1);
        Task.WaitAll(readers);
        Assert.That(Interlocked.Read(ref lookups), Is.GreaterThan(1000), "the readers ran alongside the writer");
        Assert.That(missingStaying, Is.Zero, "a key that stays is found through every change and growth");
        Assert.That(wrong, Is.Zero, "a lookup never answers with another key's entry");
        Assert.That(table.Count, Is.EqualTo(staying.Length));
        Assert.That(table.BucketCount, Is.LessThanOrEqualTo(staying.Length * 8), "emptied, the table shrank");
    }

    private static CacheEntry[] Entries(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => Entry($"{prefix}{i}"))];

    private static CacheTable Filled(CacheEntry[] entries)
    {
        var table = new CacheTable();
        foreach (var entry in entries)
        {
            table.Set(entry);
        }

        return table;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static CacheEntry Entry(string lookupKey) => new CacheEntry<RedisValue>(Bytes(lookupKey), [Bytes(lookupKey)], ReplyParsers.Value);
}
