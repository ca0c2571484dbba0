using System.Buffers;

namespace Multiplex.Protocol;

/// <summary>
/// Finds where the first complete top-level RESP frame of a buffer ends, validating it on the way
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/). The scan is resumable: when the
/// frame is incomplete, the elements already seen are remembered, so the next call with the same
/// buffer start and more bytes appended continues from there. Nesting is tracked on an explicit
/// stack bounded by <see cref="ProtocolLimits.MaxNestingDepth"/>, never by recursion.
/// </summary>
internal partial struct RespScanner
{
    // The stack starts small and doubles up to the nesting limit: almost every reply is shallow.
    private const int InitialStackCapacity = 8;

    private readonly ProtocolLimits _limits;
    private long[] _remaining;
    private int _depth;
    private int _valueDepth;
    private long _offset;
    private SequencePosition _position;
    private object? _firstSegment;
    private long _frameLength;
    private RespPrefix _framePrefix;

    /// <summary>Creates a scanner that enforces the given limits.</summary>
    public RespScanner(ProtocolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;
        _remaining = new long[Math.Min(limits.MaxNestingDepth, InitialStackCapacity)];
    }

    /// <summary>
    /// The type of the scanned frame's value, attributes aside (a push frame is <see cref="RespPrefix.Push"/>);
    /// <see cref="RespPrefix.None"/> until that value's header has been scanned.
    /// </summary>
    public readonly RespPrefix FramePrefix => _framePrefix;

    /// <summary>How many bytes of the current frame have been scanned and validated so far.</summary>
    public readonly long ScannedLength => _frameLength > 0 ? _frameLength : _offset;

    /// <summary>
    /// Scans from the start of <paramref name="buffer"/> (or from where the previous incomplete scan of
    /// the same buffer start stopped) for the end of the first complete frame.
    /// </summary>
    /// <param name="buffer">Received bytes; the first byte starts a frame.</param>
    /// <param name="frameLength">The frame's length in bytes, when complete.</param>
    /// <returns>Whether a complete frame is at the start of the buffer.</returns>
    /// <exception cref="RedisProtocolException">The bytes are not valid RESP or exceed a limit.</exception>
    public bool TryScan(in ReadOnlySequence<byte> buffer, out long frameLength)
    {
        if (_limits is null)
        {
            throw new InvalidOperationException("Create the scanner with its ProtocolLimits constructor.");
        }

        if (_frameLength > 0)
        {
            frameLength = _frameLength;
            return true;
        }

        if (buffer.IsSingleSegment)
        {
            return TryScanSpan(buffer.FirstSpan, out frameLength);
        }

        var reader = new SequenceReader<byte>(Resume(buffer));
        while (true)
        {
            var elementOffset = _offset + reader.Consumed;
            var elementPosition = reader.Position;
            if (!TryScanElement(ref reader, elementOffset, out var prefix, out var children))
            {
                // Only whole elements are kept; a partly received element is scanned again from its header.
                _offset = elementOffset;
                _position = elementPosition;
                _firstSegment = buffer.Start.GetObject();
                frameLength = 0;
                return false;
            }

            NoteFramePrefix(prefix);
            if (children > 0)
            {
                Push(children, elementOffset);
            }
            else if (CompleteElement())
            {
                _frameLength = _offset + reader.Consumed;
                frameLength = _frameLength;
                return true;
            }
        }
    }

    /// <summary>Forgets the scanned frame so that the next call starts a new one.</summary>
    public void Reset()
    {
        _depth = 0;
        _valueDepth = 0;
        _offset = 0;
        _position = default;
        _firstSegment = null;
        _frameLength = 0;
        _framePrefix = RespPrefix.None;
    }

    private ReadOnlySequence<byte> Resume(in ReadOnlySequence<byte> buffer)
    {
        if (_offset == 0)
        {
            return buffer;
        }

        // A pipe hands back the same segments with bytes appended, so the saved position is still good
        // and resuming costs nothing; any other buffer is resumed by offset.
        var sameChain = !buffer.IsSingleSegment && ReferenceEquals(buffer.Start.GetObject(), _firstSegment);
        return sameChain ? buffer.Slice(_position) : buffer.Slice(_offset);
    }

    private void NoteFramePrefix(RespPrefix prefix)
    {
        // The frame's value is the element at the value depth that is last in its parent (after an
        // attribute's pairs), or the top-level element itself.
        var inValueSlot = _framePrefix == RespPrefix.None
            && _depth == _valueDepth
            && (_depth == 0 || _remaining[_depth - 1] == 1);
        if (!inValueSlot)
        {
            return;
        }

        if (prefix == RespPrefix.Attribute)
        {
            _valueDepth = _depth + 1;
        }
        else
        {
            _framePrefix = prefix;
        }
    }

    private void Push(long children, long elementOffset)
    {
        if (_depth >= _limits.MaxNestingDepth)
        {
            ThrowNestingTooDeep(elementOffset, _limits.MaxNestingDepth);
        }

        if (_depth == _remaining.Length)
        {
            Array.Resize(ref _remaining, (int)Math.Min((long)_remaining.Length * 2, _limits.MaxNestingDepth));
        }

        _remaining[_depth++] = children;
    }

    private bool CompleteElement()
    {
        // The completed element counts against its parent; a parent that is then complete counts
        // against its own parent, and so on up.
        while (_depth > 0)
        {
            if (--_remaining[_depth - 1] > 0)
            {
                return false;
            }

            _depth--;
        }

        return true;
    }
}
