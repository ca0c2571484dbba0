using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Multiplex.Commands;
using Multiplex.Connections;
using Multiplex.Protocol;

namespace Multiplex.Tests.Connections;

/// <summary>
/// A large bulk reply read through a pipe over a stream that hands out a few bytes at a time: the
/// payload lands in one array, byte-exact, the replies after it stay in the pipe, and a stream that
/// ends early or a payload without its CRLF fails as the connection's other read errors do.
/// </summary>
public sealed class LargeReplyTests
{
    private const string Endpoint = "127.0.0.1:6379";
    private const int Size = 200_000;

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(4096)]
    [TestCase(1_000_000)]
    public async Task A_large_reply_read_in_pieces_of_any_size_is_received_whole_and_the_next_reply_stays_in_the_pipe(int pieceSize)
    {
        var payload = Payload();
        var input = Input([.. Ascii($"${Size}\r\n"), .. payload, .. Ascii("\r\n:42\r\n")], pieceSize);

        var frame = await ReceiveAsync(input);

        var reader = new RespReader(frame);
        reader.TryMoveNext();
        var bytes = (byte[]?)ReplyParsers.Value.Parse(ref reader);
        Assert.That(bytes.AsSpan().SequenceEqual(payload), Is.True);
        Assert.That(LargeBulkFrame.TryGetPayload(reader.ValueSequence, out var array) && ReferenceEquals(array, bytes), Is.True, "the parser took the array as it is");
        Assert.That(await NextAsync(input, ":42\r\n".Length), Is.EqualTo(":42\r\n"));
    }

    [TestCase(7)]
    [TestCase(1_000_000)]
    public async Task A_pooled_reply_stops_at_its_payload_and_is_handed_over_once_to_a_lease_only(int pieceSize)
    {
        var payload = Payload();
        var input = Input([.. Ascii($"${Size}\r\n"), .. payload, .. Ascii("\r\n:42\r\n")], pieceSize);

        var frame = await ReceiveAsync(input, pooled: true);

        var reader = new RespReader(frame);
        reader.TryMoveNext();
        Assert.That(LargeBulkFrame.TryGetPayload(reader.ValueSequence, out _), Is.False, "a rented array is never given away to be kept");
        Assert.That(((byte[]?)ReplyParsers.Value.Parse(ref reader)).AsSpan().SequenceEqual(payload), Is.True, "a RedisValue gets a copy");
        using var lease = LeaseParser.Instance.Parse(ref reader);
        Assert.That(lease!.Span.SequenceEqual(payload), Is.True);
        Assert.That(LargeBulkFrame.TryTakePooledPayload(reader.ValueSequence, out _), Is.False, "taken once");
        using var second = LeaseParser.Instance.Parse(ref reader);
        Assert.That(second!.Span.SequenceEqual(payload), Is.True, "a second parse copies into a buffer of its own");
        Assert.That(await NextAsync(input, ":42\r\n".Length), Is.EqualTo(":42\r\n"), "the rented array's slack took nothing of the next reply");
    }

    [Test]
    public void A_disposed_lease_refuses_its_bytes_and_a_second_dispose_does_nothing()
    {
        var lease = new RedisLease(ArrayPool<byte>.Shared.Rent(16), 16);
        Assert.That(lease.Memory.Length, Is.EqualTo(16));

        lease.Dispose();
        lease.Dispose();

        Assert.That(() => lease.Memory, Throws.TypeOf<ObjectDisposedException>());
        Assert.That(lease.Length, Is.EqualTo(16));
        Assert.That(lease.ToString(), Does.Contain("disposed"));
    }

    [Test]
    public async Task A_verbatim_reply_keeps_its_format_out_of_the_payload_array()
    {
        var text = new string('v', Size);
        var input = Input(Ascii($"={Size + 4}\r\ntxt:{text}\r\n"), pieceSize: 5000);

        var frame = await ReceiveAsync(input);

        var reader = new RespReader(frame);
        reader.TryMoveNext();
        Assert.That(reader.Prefix, Is.EqualTo(RespPrefix.VerbatimString));
        Assert.That(reader.ReadString(), Is.EqualTo(text));
    }

    [TestCase(0, TestName = "A stream that ends right after the head fails as a lost connection")]
    [TestCase(Size / 2, TestName = "A stream that ends in the middle of the payload fails as a lost connection")]
    [TestCase(Size, TestName = "A stream that ends before the CRLF fails as a lost connection")]
    public void A_stream_that_ends_early_fails_as_a_connection_lost_and_the_command_may_have_run(int received)
    {
        var input = Input([.. Ascii($"${Size}\r\n"), .. Payload().AsSpan(0, received)], pieceSize: 1000);

        var error = Assert.ThrowsAsync<RedisConnectionException>(async () => await ReceiveAsync(input));

        Assert.That(error!.Outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(error.Message, Does.Contain(Endpoint).And.Contain("bulk reply"));
    }

    [Test]
    public void A_payload_not_followed_by_crlf_is_a_protocol_error()
    {
        var input = Input([.. Ascii($"${Size}\r\n"), .. Payload(), .. Ascii("xx:1\r\n")], pieceSize: 4096);

        Assert.ThrowsAsync<RedisProtocolException>(async () => await ReceiveAsync(input));
    }

    private static async Task<ReadOnlySequence<byte>> ReceiveAsync(Transport transport, bool pooled = false)
    {
        // As the reader loop does: read until the head of the reply is in, then take the reply over.
        var input = transport.Input;
        while (true)
        {
            var read = await input.ReadAsync();
            if (LargeReply.Starts(read.Buffer, ProtocolLimits.Default, out var head, out var length))
            {
                return await LargeReply.ReceiveAsync(input, transport.Stream, read.Buffer, head, length, Endpoint, CancellationToken.None, pooled);
            }

            if (read.IsCompleted)
            {
                Assert.Fail("the head of the reply never arrived");
            }

            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task<string> NextAsync(Transport transport, int length)
    {
        var input = transport.Input;
        while (true)
        {
            var read = await input.ReadAsync();
            if (read.Buffer.Length >= length || read.IsCompleted)
            {
                var text = Encoding.ASCII.GetString(read.Buffer.Slice(0, Math.Min(length, read.Buffer.Length)));
                input.AdvanceTo(read.Buffer.End);
                return text;
            }

            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static Transport Input(byte[] data, int pieceSize)
    {
        var stream = new TrickleStream(data, pieceSize);
        return new Transport(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024)), stream);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Payload()
    {
        var payload = new byte[Size];
        new Random(Size).NextBytes(payload);
        return payload;
    }

    /// <summary>A connection's read side: the pipe, and the stream under it.</summary>
    private sealed record Transport(PipeReader Input, Stream Stream);

    /// <summary>A read-only stream over bytes that returns at most a given number of them per read, then the end.</summary>
    private sealed class TrickleStream(byte[] data, int pieceSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, pieceSize), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
