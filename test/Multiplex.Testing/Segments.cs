using System.Buffers;

namespace Multiplex.Testing;

/// <summary>Multi-segment byte sequences for tests of code that reads or writes <see cref="ReadOnlySequence{T}"/>.</summary>
public static class Segments
{
    /// <summary>A sequence with one segment per part, in order (empty parts included).</summary>
    /// <param name="parts">The segments' memory (at least one).</param>
    /// <returns>The sequence.</returns>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Length);
        var first = new Segment(parts[0], 0);
        var last = first;
        for (var i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
