using System.Buffers;

namespace Multiplex.Tests.Fuzzing;

/// <summary>
/// A growing chain of memory segments, the shape a pipe's read buffer has: bytes are appended as new
/// segments, and a read hands out the unconsumed part of the same chain.
/// </summary>
internal sealed class SegmentChain
{
    private Segment? _first;
    private Segment? _last;

    /// <summary>Appends one chunk as a new segment.</summary>
    public void Append(ReadOnlyMemory<byte> chunk)
    {
        var segment = new Segment(chunk, _last is null ? 0 : _last.RunningIndex + _last.Memory.Length);
        if (_last is null)
        {
            _first = segment;
        }
        else
        {
            _last.SetNext(segment);
        }

        _last = segment;
    }

    /// <summary>The bytes from <paramref name="offset"/> (counted from the chain's start) to the end.</summary>
    public ReadOnlySequence<byte> From(long offset)
    {
        if (_first is null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        return new ReadOnlySequence<byte>(_first, 0, _last!, _last!.Memory.Length).Slice(offset);
    }

    /// <summary>A fresh chain holding copies of input[from..to), split at the cuts that fall inside it.</summary>
    public static ReadOnlySequence<byte> Copy(byte[] input, long from, long to, IReadOnlyList<int> cuts)
    {
        var chain = new SegmentChain();
        var start = (int)from;
        foreach (var cut in cuts)
        {
            if (cut > start && cut < to)
            {
                chain.Append(input.AsSpan(start, cut - start).ToArray());
                start = cut;
            }
        }

        chain.Append(input.AsSpan(start, (int)to - start).ToArray());
        return chain.From(0);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
