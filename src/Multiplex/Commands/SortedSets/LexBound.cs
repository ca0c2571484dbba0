namespace Multiplex;

/// <summary>
/// One end of a lexicographical range of a sorted set whose members share a score: inclusive
/// (<c>[a</c>), exclusive (<c>(a</c>), or unbounded (<c>-</c>, <c>+</c>).
/// </summary>
public readonly struct LexBound : IEquatable<LexBound>
{
    private readonly byte _kind;

    private LexBound(RedisValue value, byte kind)
    {
        Value = value;
        _kind = kind;
    }

    /// <summary>Below every member (<c>-</c>).</summary>
    public static LexBound Min => new(RedisValue.Null, (byte)'-');

    /// <summary>Above every member (<c>+</c>).</summary>
    public static LexBound Max => new(RedisValue.Null, (byte)'+');

    /// <summary>The member at the bound; null for <see cref="Min"/> and <see cref="Max"/>.</summary>
    public RedisValue Value { get; }

    /// <summary>Whether the bound excludes <see cref="Value"/>.</summary>
    public bool IsExclusive => _kind == (byte)'(';

    /// <summary>Compares two bounds.</summary>
    /// <param name="left">The first bound.</param>
    /// <param name="right">The second bound.</param>
    public static bool operator ==(LexBound left, LexBound right) => left.Equals(right);

    /// <summary>Compares two bounds.</summary>
    /// <param name="left">The first bound.</param>
    /// <param name="right">The second bound.</param>
    public static bool operator !=(LexBound left, LexBound right) => !left.Equals(right);

    /// <summary>A bound that includes <paramref name="value"/> (<c>[value</c>).</summary>
    /// <param name="value">The member (not null).</param>
    /// <returns>The bound.</returns>
    public static LexBound Inclusive(RedisValue value) => new(Require(value), (byte)'[');

    /// <summary>A bound that excludes <paramref name="value"/> (<c>(value</c>).</summary>
    /// <param name="value">The member (not null).</param>
    /// <returns>The bound.</returns>
    public static LexBound Exclusive(RedisValue value) => new(Require(value), (byte)'(');

    /// <summary>Whether the bounds are the same.</summary>
    /// <param name="other">The other bound.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(LexBound other) => _kind == other._kind && Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LexBound other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, Value);

    /// <summary>The bound as Redis reads it: <c>[a</c>, <c>(a</c>, <c>-</c> or <c>+</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _kind switch
    {
        0 or (byte)'-' => "-",
        (byte)'+' => "+",
        _ => (char)_kind + Value.ToString(),
    };

    /// <summary>The bound's bytes as sent: the marker followed by the member's bytes.</summary>
    internal RedisValue ToArgument()
    {
        if (_kind is 0 or (byte)'-' or (byte)'+')
        {
            return _kind == (byte)'+' ? "+" : "-";
        }

        var member = (byte[]?)Value ?? [];
        var bytes = new byte[member.Length + 1];
        bytes[0] = _kind;
        member.CopyTo(bytes, 1);
        return bytes;
    }

    private static RedisValue Require(RedisValue value) =>
        value.IsNull ? throw new ArgumentException("A lexicographical bound needs a member (use Min or Max for open ends).", nameof(value)) : value;
}
