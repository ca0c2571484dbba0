using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Tests.Protocol;

public sealed class RespScannerTests
{
    [TestCaseSource(typeof(ValidFrames), nameof(ValidFrames.All))]
    public void A_complete_frame_is_found_with_its_exact_length_and_type(string wire, string rendering, char prefix)
    {
        var frame = Wire.Bytes(wire);
        var scanner = new RespScanner(ProtocolLimits.Default);

        var found = scanner.TryScan(new ReadOnlySequence<byte>(Wire.Bytes(wire + "+NEXT\r\n")), out var length);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(length, Is.EqualTo(frame.Length));
            Assert.That(scanner.FramePrefix, Is.EqualTo((RespPrefix)prefix));
        });
    }

    [TestCaseSource(typeof(ValidFrames), nameof(ValidFrames.All))]
    public void A_frame_split_at_every_byte_position_scans_and_decodes_the_same(string wire, string rendering, char prefix)
    {
        var frame = Wire.Bytes(wire);
        foreach (var (cut, sequence) in Wire.EverySplit(frame))
        {
            Assert.That(Wire.Scan(sequence, out var length), Is.True, $"cut at {cut}");
            Assert.That(length, Is.EqualTo(frame.Length), $"cut at {cut}");
            Assert.That(Wire.Result(sequence).ToString(), Is.EqualTo(rendering), $"cut at {cut}");
        }

        var fragmented = Wire.BytePerSegment(frame);
        Assert.That(Wire.Scan(fragmented, out var fragmentedLength), Is.True);
        Assert.That(fragmentedLength, Is.EqualTo(frame.Length));
        Assert.That(Wire.Result(fragmented).ToString(), Is.EqualTo(rendering));
    }

    [TestCaseSource(typeof(ValidFrames), nameof(ValidFrames.All))]
    public void A_frame_arriving_byte_by_byte_is_incomplete_until_its_last_byte(string wire, string rendering, char prefix)
    {
        var frame = Wire.Bytes(wire);

        // Prefixes of one segment chain, as a pipe hands them out (resumed by position) ...
        var chain = Wire.BytePerSegment(frame);
        AssertIncrementalScan(frame.Length, n => chain.Slice(0, n), (RespPrefix)prefix);

        // ... and prefixes of a flat array (resumed by offset).
        AssertIncrementalScan(frame.Length, n => new ReadOnlySequence<byte>(frame, 0, n), (RespPrefix)prefix);
    }

    [Test]
    public void A_scanner_that_is_reset_finds_the_next_frame()
    {
        var data = Wire.Bytes(":1\r\n$2\r\nab\r\n");
        var buffer = new ReadOnlySequence<byte>(data);
        var scanner = new RespScanner(ProtocolLimits.Default);

        Assert.That(scanner.TryScan(buffer, out var first), Is.True);
        Assert.That(scanner.TryScan(buffer, out var again), Is.True, "a completed scan is stable until reset");
        scanner.Reset();
        Assert.That(scanner.TryScan(buffer.Slice(first), out var second), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That((first, again, second), Is.EqualTo((4L, 4L, 8L)));
            Assert.That(scanner.FramePrefix, Is.EqualTo(RespPrefix.BulkString));
        });
    }

    [Test]
    public void An_empty_buffer_is_incomplete()
    {
        var scanner = new RespScanner(ProtocolLimits.Default);

        Assert.That(scanner.TryScan(ReadOnlySequence<byte>.Empty, out _), Is.False);
    }

    [Test]
    public void A_large_array_arriving_in_chunks_resumes_where_it_stopped()
    {
        const int Elements = 100_000;
        var wire = "*" + Elements + "\r\n" + string.Concat(Enumerable.Repeat("$3\r\nabc\r\n", Elements));
        var data = Wire.Bytes(wire);
        var cuts = Enumerable.Range(1, data.Length / 4096).Select(i => i * 4096).ToArray();
        var chain = Wire.Split(data, cuts);
        var scanner = new RespScanner(ProtocolLimits.Default);

        var results = cuts.Select(cut => scanner.TryScan(chain.Slice(0, cut), out _)).ToArray();
        var scannedBeforeLastChunk = scanner.ScannedLength;

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.All.False);
            Assert.That(scannedBeforeLastChunk, Is.GreaterThan(data.Length - 4096 - 9));
            Assert.That(scanner.TryScan(chain, out var length), Is.True);
            Assert.That(length, Is.EqualTo(data.Length));
        });
    }

    [Test]
    public void Scanning_a_large_reply_in_small_chunks_resumes_where_each_chunk_ended()
    {
        const int Elements = 1_000_000;
        const int ChunkSize = 4096;
        const int ElementSize = 4; // ":1\r\n"
        var wire = "*" + Elements + "\r\n" + string.Concat(Enumerable.Repeat(":1\r\n", Elements));
        var data = Wire.Bytes(wire);
        var cuts = Enumerable.Range(1, data.Length / ChunkSize).Select(i => i * ChunkSize).ToArray();
        var chain = Wire.Split(data, cuts);
        var scanner = new RespScanner(ProtocolLimits.Default);
        var behind = new List<int>();

        // After each chunk the scanner has validated every complete element it was given, so the next
        // call starts there: the whole reply is read once (about 4 MB), not once per chunk.
        foreach (var cut in cuts)
        {
            Assert.That(scanner.TryScan(chain.Slice(0, cut), out _), Is.False);
            if (scanner.ScannedLength < cut - ElementSize)
            {
                behind.Add(cut);
            }
        }

        Assert.That(behind, Is.Empty, "the scanner lost its place after these chunk ends");
        Assert.That(scanner.TryScan(chain, out var length), Is.True);
        Assert.That(length, Is.EqualTo(data.Length));
    }

    private static void AssertIncrementalScan(int total, Func<int, ReadOnlySequence<byte>> prefixOf, RespPrefix prefix)
    {
        var scanner = new RespScanner(ProtocolLimits.Default);
        for (var n = 0; n < total; n++)
        {
            Assert.That(scanner.TryScan(prefixOf(n), out _), Is.False, $"{n} of {total} bytes");
        }

        Assert.That(scanner.TryScan(prefixOf(total), out var length), Is.True);
        Assert.That(length, Is.EqualTo(total));
        Assert.That(scanner.FramePrefix, Is.EqualTo(prefix));
    }
}
