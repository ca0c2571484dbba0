using Multiplex.Caching;

namespace Multiplex.Tests.Caching;

public sealed class ByteArrayComparerTests
{
    [Test]
    public void Equal_bytes_hash_alike_whether_an_array_or_a_span_and_whatever_their_length()
    {
        var comparer = ByteArrayComparer.Instance;
        var random = new Random(3);
        for (var length = 0; length <= 70; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var copy = bytes.ToArray();
            var inLargerBuffer = new byte[length + 9];
            bytes.CopyTo(inLargerBuffer, 5);

            Assert.That(comparer.Equals(bytes, copy), Is.True, $"{length} bytes");
            Assert.That(comparer.GetHashCode(copy), Is.EqualTo(comparer.GetHashCode(bytes)), $"{length} bytes");
            Assert.That(comparer.GetHashCode(inLargerBuffer.AsSpan(5, length)), Is.EqualTo(comparer.GetHashCode(bytes)), $"{length} bytes at an offset");
        }
    }

    [Test]
    public void Inputs_that_differ_in_one_byte_or_in_length_hash_apart_in_the_low_and_high_bits()
    {
        // The cache's lookup keys of one command differ in a few bytes of the key (a counter, an id); the
        // table uses the hash's low bits and the admission filter its low and high bits. Every input below
        // differs from the others in one byte or in length (trailing zeros, which a hash that ignores the
        // length would confuse); collisions of the whole hash, and crowding of the low or high 16 bits
        // into few values, would show in the counts.
        var inputs = new List<byte[]>();
        for (var length = 1; length <= 48; length++)
        {
            inputs.Add(new byte[length]);
            for (var position = 0; position < length; position++)
            {
                for (var value = 1; value < 256; value += 17)
                {
                    var input = new byte[length];
                    input[position] = (byte)value;
                    inputs.Add(input);
                }
            }
        }

        var hashes = inputs.Select(input => ByteArrayComparer.Instance.GetHashCode(input)).ToArray();
        var distinct = hashes.Distinct().Count();
        var lowValues = hashes.Select(hash => hash & 0xFFFF).Distinct().Count();
        var highValues = hashes.Select(hash => (hash >>> 16) & 0xFFFF).Distinct().Count();

        // 17,688 inputs: a uniform 32-bit hash (its seed is random) collides about once in 28 runs, and
        // more than twice about once in 100,000; over 65,536 values it fills about 15,500 (give or take 40).
        Assert.Multiple(() =>
        {
            Assert.That(inputs.Count - distinct, Is.LessThanOrEqualTo(2), "whole hashes colliding");
            Assert.That(lowValues, Is.GreaterThan(15_300), "low 16 bits");
            Assert.That(highValues, Is.GreaterThan(15_300), "high 16 bits");
        });
    }

    [Test]
    public void Lookup_keys_of_one_command_over_many_keys_spread_over_the_tables_buckets()
    {
        // What the cache hashes most: one command's lookup keys, a key's few digits apart (10 to 14 bytes,
        // hashed without a loop; the other test covers the longer ones).
        // 100,000 of them over 16,384 buckets (a full default cache's table) average about 6 a bucket;
        // a uniform hash's fullest bucket holds about 20, and whole 32-bit hashes collide about once.
        var hashes = Enumerable.Range(0, 100_000)
            .Select(i => ByteArrayComparer.Hash(System.Text.Encoding.ASCII.GetBytes($"\0\0\u0005\u0009cold:{i}")))
            .ToArray();
        var fullest = hashes.GroupBy(hash => hash & 16_383).Max(bucket => bucket.Count());
        var fullestHigh = hashes.GroupBy(hash => hash >>> 18).Max(bucket => bucket.Count());

        Assert.Multiple(() =>
        {
            Assert.That(hashes.Length - hashes.Distinct().Count(), Is.LessThanOrEqualTo(8), "whole hashes colliding");
            Assert.That(fullest, Is.LessThanOrEqualTo(32), "the fullest of 16,384 buckets by the low bits");
            Assert.That(fullestHigh, Is.LessThanOrEqualTo(32), "the fullest of 16,384 by the high bits");
        });
    }
}
