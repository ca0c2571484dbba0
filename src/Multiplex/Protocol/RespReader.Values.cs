using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Multiplex.Protocol;

/// <content>Reading the current scalar's value.</content>
internal ref partial struct RespReader
{
    // Numbers stored as text in a bulk string can be longer than a RESP integer line (a double
    // printed with all its digits), but never legitimately longer than this.
    private const int MaxNumericTextLength = 128;

    private static readonly RedisValue OkValue = "OK";

    /// <summary>The current scalar's bytes (without CRLF; a verbatim string without its format prefix).</summary>
    public readonly ReadOnlySequence<byte> ValueSequence =>
        _isSingleSegment ? _frame.Slice(_valueStart, _valueLength) : _value;

    /// <summary>The current scalar's length in bytes.</summary>
    public readonly long ValueLength => _isSingleSegment ? _valueLength : _value.Length;

    /// <summary>Reads an integer from <c>:</c>, or from a simple, bulk or big-number reply holding one.</summary>
    /// <exception cref="RedisProtocolException">The value is not a 64-bit integer.</exception>
    public readonly long ReadInt64()
    {
        EnsureValue("an integer");
        Span<byte> scratch = stackalloc byte[RespConstants.MaxNumberLineLength];
        if (_prefix is RespPrefix.Double or RespPrefix.Boolean
            || !RespNumber.TryParseInt64(GetValueSpan(scratch), out var value))
        {
            ThrowUnexpected("a 64-bit integer");
            return 0;
        }

        return value;
    }

    /// <summary>Reads a double from <c>,</c> (with inf, -inf and nan), or from a number or text reply.</summary>
    /// <exception cref="RedisProtocolException">The value is not a number.</exception>
    public readonly double ReadDouble()
    {
        EnsureValue("a double");
        Span<byte> scratch = stackalloc byte[MaxNumericTextLength];
        if (_prefix == RespPrefix.Boolean || !RespNumber.TryParseDouble(GetValueSpan(scratch), out var value))
        {
            ThrowUnexpected("a double");
            return 0;
        }

        return value;
    }

    /// <summary>Reads a boolean from <c>#t</c>/<c>#f</c>, or from the integer 1 or 0.</summary>
    /// <exception cref="RedisProtocolException">The value is neither.</exception>
    public readonly bool ReadBoolean()
    {
        EnsureValue("a boolean");
        if (_prefix == RespPrefix.Boolean)
        {
            return ValueEquals("t"u8);
        }

        if (_prefix == RespPrefix.Integer)
        {
            switch (ReadInt64())
            {
                case 1:
                    return true;
                case 0:
                    return false;
            }
        }

        ThrowUnexpected("a boolean");
        return false;
    }

    /// <summary>
    /// Reads the current scalar as UTF-8 text (the line of a simple string, error or number, the payload
    /// of a bulk string or error, a verbatim string without its format); null for a null.
    /// </summary>
    public readonly string? ReadString()
    {
        if (_isNull)
        {
            return null;
        }

        EnsureValue("text");
        return _isSingleSegment
            ? Encoding.UTF8.GetString(_span.Slice(_valueStart, _valueLength))
            : Encoding.UTF8.GetString(_value);
    }

    /// <summary>
    /// Reads the current scalar's bytes into a new array; null for a null. A large bulk reply already
    /// received into an array of its own (<see cref="LargeBulkFrame"/>) is that array, not a copy.
    /// </summary>
    public readonly byte[]? ReadBytes()
    {
        if (_isNull)
        {
            return null;
        }

        EnsureValue("bytes");
        if (_isSingleSegment)
        {
            return _span.Slice(_valueStart, _valueLength).ToArray();
        }

        return LargeBulkFrame.TryGetPayload(_value, out var payload) ? payload : _value.ToArray();
    }

    /// <summary>
    /// Reads the current scalar as a <see cref="RedisValue"/>: bulk payloads as bytes, simple strings
    /// and big numbers as strings, integers and booleans as integers, doubles as doubles.
    /// </summary>
    public readonly RedisValue ReadRedisValue()
    {
        if (_isNull)
        {
            return RedisValue.Null;
        }

        return _prefix switch
        {
            RespPrefix.Integer => ReadInt64(),
            RespPrefix.Double => ReadDouble(),
            RespPrefix.Boolean => ReadBoolean(),
            RespPrefix.SimpleString when ValueEquals(RespConstants.Ok) => OkValue,
            RespPrefix.SimpleString or RespPrefix.SimpleError or RespPrefix.BigNumber => ReadString(),
            _ => ReadBytes(),
        };
    }

    /// <summary>Whether the current scalar's bytes equal <paramref name="expected"/> (for example <c>OK</c>).</summary>
    public readonly bool ValueEquals(ReadOnlySpan<byte> expected)
    {
        if (_isNull || IsAggregatePrefix(_prefix))
        {
            return false;
        }

        if (_isSingleSegment)
        {
            return _span.Slice(_valueStart, _valueLength).SequenceEqual(expected);
        }

        if (_value.Length != expected.Length)
        {
            return false;
        }

        foreach (var segment in _value)
        {
            if (!segment.Span.SequenceEqual(expected[..segment.Length]))
            {
                return false;
            }

            expected = expected[segment.Length..];
        }

        return true;
    }

    /// <summary>The value as one span: the frame itself, or a copy in scratch; empty when it does not fit.</summary>
    private readonly ReadOnlySpan<byte> GetValueSpan(Span<byte> scratch)
    {
        if (_isSingleSegment)
        {
            return _span.Slice(_valueStart, _valueLength);
        }

        return _value.IsSingleSegment ? _value.FirstSpan : CopySmall(_value, scratch);
    }

    private readonly void EnsureValue(string expected)
    {
        if (_isNull || IsAggregatePrefix(_prefix) || _prefix == RespPrefix.None)
        {
            ThrowUnexpected(expected);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowUnexpected(string expected) =>
        throw new RedisProtocolException(
            $"Unexpected reply: expected {expected} but the server sent {(_isNull ? "a null" : _prefix.ToString())}.");
}
