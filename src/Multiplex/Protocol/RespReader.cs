using System.Buffers;

namespace Multiplex.Protocol;

/// <summary>
/// A forward-only pull reader over one complete RESP frame that <see cref="RespScanner"/> has already
/// validated (https://redis.io/docs/latest/develop/reference/protocol-spec/). A reply parser moves from
/// header to header and reads each scalar straight into its result; nothing is allocated unless a value
/// accessor that returns a new object is called. A single-segment frame is read as a span; a frame
/// spread over several segments is read with a <see cref="SequenceReader{T}"/>.
/// </summary>
internal ref partial struct RespReader
{
    private readonly ReadOnlySequence<byte> _frame;
    private readonly ReadOnlySpan<byte> _span;
    private readonly bool _isSingleSegment;
    private SequenceReader<byte> _sequence;
    private int _position;
    private RespPrefix _prefix;
    private bool _isNull;
    private long _childCount;
    private int _valueStart;
    private int _valueLength;
    private ReadOnlySequence<byte> _value;

    /// <summary>Creates a reader positioned before the first element of the frame.</summary>
    /// <param name="frame">One complete, validated frame.</param>
    public RespReader(scoped in ReadOnlySequence<byte> frame)
    {
        _frame = frame;
        _isSingleSegment = frame.IsSingleSegment;
        if (_isSingleSegment)
        {
            _span = frame.FirstSpan;
        }
        else
        {
            _sequence = new SequenceReader<byte>(frame);
        }
    }

    /// <summary>The type of the current element; <see cref="RespPrefix.None"/> before the first move.</summary>
    public readonly RespPrefix Prefix => _prefix;

    /// <summary>Whether the current element is a null: <c>_</c>, <c>$-1</c> or <c>*-1</c>.</summary>
    public readonly bool IsNull => _isNull;

    /// <summary>Whether the current element is an error (<c>-</c> or <c>!</c>).</summary>
    public readonly bool IsError => _prefix is RespPrefix.SimpleError or RespPrefix.BulkError;

    /// <summary>Whether the current element is a non-null aggregate with (possibly zero) children.</summary>
    public readonly bool IsAggregate => !_isNull && IsAggregatePrefix(_prefix);

    /// <summary>Whether the current element is a scalar or a null.</summary>
    public readonly bool IsScalar => !IsAggregate;

    /// <summary>How many child elements follow the current aggregate header (a map counts keys and values).</summary>
    public readonly int ChildCount => checked((int)_childCount);

    /// <summary>
    /// How many bytes of the frame have been read: the offset of the next header. Read before and
    /// after stepping over an element (<see cref="TryMoveNext"/> then <see cref="SkipChildren"/>) it
    /// bounds that element, so the element can be sliced out as a frame of its own.
    /// </summary>
    public readonly long Consumed => _isSingleSegment ? _position : _sequence.Consumed;

    /// <summary>Whether every byte of the frame has been read.</summary>
    public readonly bool IsAtEnd => _isSingleSegment ? _position >= _span.Length : _sequence.End;

    /// <summary>Moves to the next element header, stepping over attributes and their contents.</summary>
    /// <returns>False at the end of the frame.</returns>
    public bool TryMoveNext()
    {
        while (TryMoveNextRaw())
        {
            if (_prefix != RespPrefix.Attribute)
            {
                return true;
            }

            SkipChildren();
        }

        return false;
    }

    /// <summary>Moves to the next element header, stopping at attribute headers too.</summary>
    /// <returns>False at the end of the frame.</returns>
    public bool TryMoveNextRaw()
    {
        if (IsAtEnd)
        {
            return false;
        }

        if (_isSingleSegment)
        {
            ReadHeaderFromSpan();
        }
        else
        {
            ReadHeaderFromSequence();
        }

        return true;
    }

    /// <summary>
    /// Skips every descendant of the current aggregate. The current element stays this aggregate's
    /// header; the next move goes to whatever follows its subtree. Does nothing on a scalar.
    /// </summary>
    public void SkipChildren()
    {
        if (!IsAggregate)
        {
            return;
        }

        var (prefix, childCount) = (_prefix, _childCount);
        var pending = childCount;
        while (pending > 0)
        {
            TryMoveNextRaw();
            pending--;
            if (IsAggregate)
            {
                // An attribute's pairs are followed by the element it decorates.
                pending += _prefix == RespPrefix.Attribute ? _childCount + 1 : _childCount;
            }
        }

        (_prefix, _childCount, _isNull) = (prefix, childCount, false);
        (_valueStart, _valueLength, _value) = (0, 0, default);
    }

    private static bool IsAggregatePrefix(RespPrefix prefix) =>
        prefix is RespPrefix.Array or RespPrefix.Map or RespPrefix.Set or RespPrefix.Push or RespPrefix.Attribute;
}
