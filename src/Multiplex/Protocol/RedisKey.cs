using System.Text;

namespace Multiplex;

/// <summary>
/// A Redis key: a binary-safe name given as a <see cref="string"/> (sent as UTF-8) or as bytes.
/// </summary>
public readonly struct RedisKey : IEquatable<RedisKey>
{
    private readonly object? _value;

    private RedisKey(object? value) => _value = value;

    /// <summary>Whether no key was given (the default value).</summary>
    public bool IsNull => _value is null;

    internal object? RawObject => _value;

    /// <summary>Wraps a string key.</summary>
    /// <param name="key">The key.</param>
    public static implicit operator RedisKey(string? key) => new(key);

    /// <summary>Wraps a binary key without copying it.</summary>
    /// <param name="key">The key.</param>
    public static implicit operator RedisKey(byte[]? key) => new(key);

    /// <summary>The key as a string (bytes decoded as UTF-8).</summary>
    /// <param name="key">The key.</param>
    public static implicit operator string?(RedisKey key) => key._value switch
    {
        null => null,
        string s => s,
        _ => Encoding.UTF8.GetString((byte[])key._value),
    };

    /// <summary>The key as bytes (strings encoded as UTF-8).</summary>
    /// <param name="key">The key.</param>
    public static explicit operator byte[]?(RedisKey key) => key._value switch
    {
        null => null,
        byte[] b => b,
        _ => Encoding.UTF8.GetBytes((string)key._value),
    };

    /// <summary>Compares two keys by their bytes.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    public static bool operator ==(RedisKey left, RedisKey right) => left.Equals(right);

    /// <summary>Compares two keys by their bytes.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    public static bool operator !=(RedisKey left, RedisKey right) => !left.Equals(right);

    /// <summary>Compares by bytes: a string key equals the bytes of its UTF-8 encoding.</summary>
    /// <param name="other">The other key.</param>
    /// <returns>Whether the keys are equal.</returns>
    public bool Equals(RedisKey other)
    {
        if (_value is string a && other._value is string b)
        {
            return string.Equals(a, b, StringComparison.Ordinal);
        }

        if (_value is null || other._value is null)
        {
            return _value is null && other._value is null;
        }

        return ((byte[])this!).AsSpan().SequenceEqual((byte[])other!);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RedisKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_value is null)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.AddBytes((byte[])this!);
        return hash.ToHashCode();
    }

    /// <summary>The key as text (bytes decoded as UTF-8).</summary>
    /// <returns>The text, empty when no key was given.</returns>
    public override string ToString() => (string?)this ?? string.Empty;
}
