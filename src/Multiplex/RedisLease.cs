using System.Buffers;

namespace Multiplex;

/// <summary>
/// A value read into a buffer rented from <see cref="ArrayPool{T}.Shared"/>
/// (<see cref="RedisCommands.GetLeaseAsync"/>): for large values that are read, used and dropped, such as
/// a serialized document handed to a deserializer, the value costs no allocation of its size and no
/// garbage collection. Dispose it when done; its bytes must not be used afterwards (the buffer goes back
/// to the pool and is handed to someone else).
/// </summary>
public sealed class RedisLease : IDisposable
{
    private byte[]? _buffer;

    internal RedisLease(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The value's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The value's bytes.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed: the buffer is back in the pool.</exception>
    public ReadOnlyMemory<byte> Memory => (Volatile.Read(ref _buffer) ?? throw Disposed()).AsMemory(0, Length);

    /// <summary>The value's bytes.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed: the buffer is back in the pool.</exception>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>Gives the buffer back to the pool; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { Length: > 0 } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public override string ToString() => _buffer is null ? $"RedisLease ({Length:N0} bytes, disposed)" : $"RedisLease ({Length:N0} bytes)";

    private static ObjectDisposedException Disposed() =>
        new(nameof(RedisLease), "The lease was disposed: its buffer is back in the pool, so its bytes are no longer the value.");
}
