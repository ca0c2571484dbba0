using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Multiplex.Caching;

/// <summary>Compares byte arrays by content, and looks them up by span without allocating.</summary>
/// <remarks>
/// A cache hit hashes its whole lookup key (10 to 30 bytes for a GET), so the hash is short for short
/// inputs: up to sixteen bytes are read as two eight-byte words (no loop, no bounds checks) and mixed by
/// two wide multiplications, longer ones sixteen bytes a step. <see cref="HashCode.AddBytes"/>, four
/// bytes a step, was 6% of the client's CPU in the hot-key load test; a chain of eight-byte rounds
/// after it, a fifth of a hit's CPU (perf of the every-read-a-hit row). The hash is seeded per process,
/// as <see cref="HashCode"/> is, with secrets where an input word is combined, so which keys collide
/// cannot be worked out ahead of time from outside.
/// </remarks>
internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    // An odd constant with well-spread bits (one of xxHash64's), for the length's word.
    private const ulong LengthMultiplier = 0xC2B2AE3D27D4EB4FUL;

    // Per process: the starting state, and what the input's first words are combined with (a word equal
    // to it would zero its product, so it must not be known).
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();
    private static readonly ulong WordSecret = (ulong)Random.Shared.NextInt64();

    public static ByteArrayComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <summary>The hash of <paramref name="bytes"/>' content (what <see cref="GetHashCode(ReadOnlySpan{byte})"/> returns), callable without the comparer.</summary>
    public static int Hash(ReadOnlySpan<byte> bytes)
    {
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        var state = Seed;
        ulong first;
        ulong last;
        if (length > 16)
        {
            // Sixteen bytes a step, each step's two halves multiplied together (one wide multiplication);
            // the last one to sixteen bytes are the input's last sixteen (bytes mixed in again are harmless).
            var offset = 0;
            for (; offset < length - 16; offset += 16)
            {
                state = Mix(Read64(ref start, offset) ^ WordSecret, Read64(ref start, offset + 8) ^ state);
            }

            first = Read64(ref start, length - 16);
            last = Read64(ref start, length - 8);
        }
        else if (length >= sizeof(ulong))
        {
            // Nine to sixteen bytes (a short lookup key): the first eight and the last eight.
            first = Read64(ref start, 0);
            last = Read64(ref start, length - sizeof(ulong));
        }
        else if (length >= sizeof(uint))
        {
            first = Unsafe.ReadUnaligned<uint>(ref start);
            last = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - sizeof(uint)));
        }
        else if (length > 0)
        {
            // One to three bytes: the first, the middle and the last (with the length, they say which bytes).
            first = ((ulong)start << 16) | ((ulong)Unsafe.Add(ref start, length >> 1) << 8) | Unsafe.Add(ref start, length - 1);
            last = 0;
        }
        else
        {
            first = last = 0;
        }

        // Every input bit reaches every output bit: the table uses the hash's low bits, the admission
        // filter its low and high bits.
        return (int)Mix(LengthMultiplier ^ (ulong)length, Mix(first ^ WordSecret, last ^ state));
    }

    private static ulong Read64(ref byte start, int offset) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));

    // The 128-bit product of the two, its halves folded together: each output bit depends on every bit of
    // both inputs, in one multiplication's time.
    private static ulong Mix(ulong left, ulong right)
    {
        var high = Math.BigMul(left, right, out var low);
        return high ^ low;
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
