using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Connections;

/// <content>
/// The command's encoding buffer: it is the <see cref="IBufferWriter{T}"/> the encoders write into,
/// small buffers rented and large ones allocated at the size needed, and the frame handed to the writer.
/// </content>
internal abstract partial class PendingCommand
{
    // A fresh command's encoding buffer; commands that needed more rent a larger one from ArrayPool.
    private const int InitialBufferSize = 256;

    // Buffers above this size go back to ArrayPool when the command is recycled rather than staying
    // with the pooled command.
    private const int RetainedBufferLimit = 4096;

    // Buffers up to this size are rented from ArrayPool, so commands with values of a few megabytes
    // (common: serialized objects, cached pages) allocate nothing once the pool is warm, and their
    // frames are copied into the pipe (a copy of at most this much). A larger buffer is allocated at the
    // size the command needs and its frame is written as it is: the pool would round it up to the next
    // power of two (up to twice the value) and keep several, each for as long as the pool likes
    // (LargeValueBenchmarks measures both sides of this line).
    private const int LargeBufferThreshold = 4 * 1024 * 1024;

    // Frames above this size are written to the transport from the command's buffer rather than copied
    // into the pipe; the command is held until the write is done, so a pooled buffer cannot go back to
    // the pool (and to another command) while the transport still reads it.
    private const int DirectWriteThreshold = 64 * 1024;

    // A buffer allocated for a large argument leaves this much room after it for the arguments that
    // usually follow a value (SET's expiry and condition, say), so they do not make it grow again.
    private const int LargeBufferSlack = 4 * 1024;

    // Allocated at the first byte encoded: a batch, which writes its commands' own frames, never needs one.
    private byte[] _buffer = [];
    private int _length;

    /// <summary>The encoded frame.</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, _length);

    /// <summary>
    /// The encoded frame when it is larger than <see cref="DirectWriteThreshold"/>, so the writer can hand
    /// it to the transport as it is rather than copy it into the pipe. The writer holds the command
    /// (<see cref="HoldForWrite"/>) from before it starts until the transport is done with the frame: a
    /// session failing meanwhile may drain the command and its caller may leave, but its buffer (rented
    /// from the pool up to <see cref="LargeBufferThreshold"/>) is let go of only after the write.
    /// </summary>
    public bool TryGetLargeFrame(out ReadOnlyMemory<byte> frame)
    {
        frame = _buffer.AsMemory(0, _length);
        return frame.Length > DirectWriteThreshold;
    }

    /// <summary>
    /// Grows the encoded frame by <paramref name="extra"/> bytes, keeping what is written, and returns the
    /// whole of it: a key-prefix view rewrites its commands' frames in place before they are queued.
    /// </summary>
    public Span<byte> GrowEncoding(int extra)
    {
        EnsureCapacity(extra);
        _length += extra;
        return _buffer.AsSpan(0, _length);
    }

    /// <inheritdoc />
    public void Advance(int count) => _length += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_length);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Returns the encoding buffer to a reusable state when the command is recycled.</summary>
    protected void ResetBuffer()
    {
        if (_buffer.Length > RetainedBufferLimit)
        {
            LetGoOf(_buffer);
            _buffer = new byte[InitialBufferSize];
        }

        _length = 0;
    }

    /// <summary>
    /// Sizes the encoding buffer for <paramref name="bytes"/> more bytes in one step (a batch or
    /// transaction that copies its commands' encodings in).
    /// </summary>
    protected void Reserve(int bytes) => EnsureCapacity(bytes);

    /// <summary>
    /// Gives a buffer rented for a large encoding back to <see cref="ArrayPool{T}"/>, once, for commands
    /// that are not pooled: call it when the wire is done with the command.
    /// </summary>
    protected void ReturnBuffer()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        _length = 0;
        LetGoOf(buffer);
    }

    private void EnsureCapacity(int sizeHint)
    {
        var needed = (long)_length + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (_buffer.Length == 0 && needed <= InitialBufferSize)
        {
            _buffer = new byte[InitialBufferSize];
            return;
        }

        var larger = Allocate(needed, _buffer.Length);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        LetGoOf(_buffer);
        _buffer = larger;
    }

    /// <summary>
    /// A buffer of at least <paramref name="needed"/> bytes to replace one of <paramref name="current"/>
    /// bytes: a small one rented (doubling, so a command encoded piece by piece grows a few times at
    /// most); a large one allocated at the size needed, so a large argument, written in one piece
    /// (<see cref="RespWriter"/> asks for its whole length), is copied into it once.
    /// </summary>
    private static byte[] Allocate(long needed, int current)
    {
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"The command does not fit in one buffer: it needs {needed:N0} bytes, more than an array can hold.");
        }

        var doubled = Math.Max(needed, current * 2L);
        if (doubled <= LargeBufferThreshold)
        {
            return ArrayPool<byte>.Shared.Rent((int)doubled);
        }

        // Growing past the threshold again (several large arguments): half as much again as now at
        // least, so a command of many large arguments is still copied a bounded number of times.
        var size = Math.Min(Math.Max(needed + LargeBufferSlack, current + (current / 2L)), Array.MaxLength);
        return GC.AllocateUninitializedArray<byte>((int)size);
    }

    /// <summary>Gives a rented buffer back to the pool; an allocated (initial or large) one is left to the GC.</summary>
    private static void LetGoOf(byte[] buffer)
    {
        if (IsPooled(buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether a buffer was rented (see <see cref="Allocate"/>): only sizes between the initial and the large threshold are.</summary>
    private static bool IsPooled(byte[] buffer) => buffer.Length > InitialBufferSize && buffer.Length <= LargeBufferThreshold;
}
